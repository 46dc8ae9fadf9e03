# LambdaLR functions whose body names their unit: a poly decay over args.epochs stepped every batch (LR001), and a
# warmup over warmup_steps stepped once per epoch (LR002).
import torch


def train(args, model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: (1 - e / args.epochs) ** 0.9)
    for epoch in range(args.epochs):
        for i, (x, y) in enumerate(train_loader):
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
            scheduler.step()  # expect: LR001


def warmup(model, train_loader, epochs, warmup_steps=2000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

    def factor(step):
        return min(1.0, (step + 1) / warmup_steps)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
        scheduler.step()  # expect: LR002

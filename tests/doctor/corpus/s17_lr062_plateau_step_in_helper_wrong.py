# Wrong: the plateau is stepped in a validate() helper called once per epoch of a 4-epoch run; with patience=5 it
# needs 6 bad epochs in a row after the first and can never cut the LR (LR062).
import torch


def validate(model, loader, scheduler):
    model.eval()
    with torch.no_grad():
        loss = sum(model.loss(x, y).item() for x, y in loader) / len(loader)
    scheduler.step(loss)
    return loss


def main():
    model = Net()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=5)  # expect: LR062
    for epoch in range(4):
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            model.loss(x, y).backward()
            opt.step()
        validate(model, val_loader, sched)


main()

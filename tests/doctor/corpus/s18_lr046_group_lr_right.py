# Right: hand decays on the param groups that do not compound: a constant x0.1 applied only at each 30th epoch,
# and the absolute milestone LR written into both optimizers.
import torch


def adjust_learning_rate(optimizer, epoch):
    for param_group in optimizer.param_groups:
        if epoch % 30 == 0 and epoch != 0:
            param_group["lr"] = param_group["lr"] * 0.1


def main(model, train_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    for epoch in range(epochs):
        adjust_learning_rate(optimizer, epoch)
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()


def milestones(opt, loader, model, optimizer, optimizer_second):
    for epoch in range(opt.num_epochs):
        for batch in loader:
            optimizer.zero_grad()
            model(batch).backward()
            optimizer.step()
        if epoch in opt.lr_step:
            lr = opt.lr * (0.1 ** (opt.lr_step.index(epoch) + 1))
            for group in [*optimizer.param_groups, *optimizer_second.param_groups]:
                group["lr"] = lr

# Wrong: under the __main__ guard a OneCycleLR sized per batch is handed to fit_one_epoch(), which steps it once per
# epoch after its batch loop (LR002).
import torch


def fit_one_epoch(net, loader, opt, sched):
    net.train()
    for x, y in loader:
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    sched.step()  # expect: LR002


if __name__ == "__main__":
    net = Classifier()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, epochs=20, steps_per_epoch=len(train_loader))
    for epoch in range(20):
        fit_one_epoch(net, train_loader, opt, sched)

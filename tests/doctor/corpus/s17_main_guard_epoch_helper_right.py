# Right: under the __main__ guard a per-epoch StepLR is handed to fit_one_epoch(), which steps it once after its
# batch loop.
import torch


def fit_one_epoch(net, loader, opt, sched):
    net.train()
    for x, y in loader:
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    sched.step()


if __name__ == "__main__":
    net = Classifier()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=7, gamma=0.1)
    for epoch in range(20):
        fit_one_epoch(net, train_loader, opt, sched)

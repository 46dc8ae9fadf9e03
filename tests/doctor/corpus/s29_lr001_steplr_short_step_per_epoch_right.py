# Right: the same 6-epoch StepLR in a 9-epoch fine-tune, stepped once per epoch after the batch loop; and a
# per-batch StepLR whose gentle gamma (0.98 every 6 batches) is a per-batch decay, not an epoch recipe.
import torch
from torch.optim import lr_scheduler


def fit(net, data, opt, sched, n_epochs=30):
    for ep in range(n_epochs):
        net.train()
        for images, targets in data:
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(images), targets)
            loss.backward()
            opt.step()
        sched.step()
    return net


def fit_smooth(net, data, opt, sched, n_epochs=30):
    for ep in range(n_epochs):
        for images, targets in data:
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(images), targets)
            loss.backward()
            opt.step()
            sched.step()
    return net


data = torch.utils.data.DataLoader(train_set, batch_size=8, shuffle=True)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
sched = lr_scheduler.StepLR(opt, step_size=6)
fit(net, data, opt, sched, n_epochs=9)
opt2 = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
smooth = lr_scheduler.StepLR(opt2, step_size=6, gamma=0.98)
fit_smooth(net, data, opt2, smooth, n_epochs=9)

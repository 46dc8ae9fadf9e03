# Wrong: a StepLR meant to drop the LR tenfold every 6 epochs of a 9-epoch fine-tune is stepped inside the
# batch loop (in a helper that takes the run length as a parameter): it divides the LR by ten every 6 batches,
# and the LR is gone before the first epoch ends.
import torch
from torch.optim import lr_scheduler


def fit(net, data, opt, sched, n_epochs=30):
    for ep in range(n_epochs):
        net.train()
        for images, targets in data:
            opt.zero_grad()
            out = net(images)
            loss = torch.nn.functional.cross_entropy(out, targets)
            loss.backward()
            opt.step()
            sched.step()  # expect: LR001
    return net


data = torch.utils.data.DataLoader(train_set, batch_size=8, shuffle=True)
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
sched = lr_scheduler.StepLR(opt, step_size=6)
fit(net, data, opt, sched, n_epochs=9)

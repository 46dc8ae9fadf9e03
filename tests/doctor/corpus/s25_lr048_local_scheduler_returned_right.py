# One communication round of a federated client, called by a server elsewhere. The first round builds the schedule;
# it is returned and handed back on the next call, so the step after the local epochs decays the LR once per round,
# as intended.
import torch


def local_round(net, batches, opt=None, sched=None, local_epochs=2):
    if opt is None:
        opt = torch.optim.SGD(net.parameters(), lr=0.05)
        sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.97)
    for epoch in range(local_epochs):
        for a, b in batches:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(a), b).backward()
            opt.step()
    sched.step()
    return net.state_dict(), opt, sched

# A training function meant to be imported by a driver script (nothing in this file calls it). It makes its own
# optimizer and step-decay schedule, but the step() sits under the epoch loop: it runs once when training is over,
# and the scheduler is dropped on return, so no call of train() ever sees the decay.
import torch


def decay(epoch):
    return 1.0 if epoch < 40 else 0.1


def train(net, batches, n_epochs=60):
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, decay)
    for epoch in range(n_epochs):
        for a, b in batches:
            opt.zero_grad()
            torch.nn.functional.mse_loss(net(a), b).backward()
            opt.step()
    sched.step()  # expect: LR048
    return net

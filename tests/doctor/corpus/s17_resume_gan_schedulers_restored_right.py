# Right: both schedulers of the tuple are restored from the checkpoint with the optimizers and the epoch.
import torch
from torch.optim.lr_scheduler import StepLR


def train(args, G, D, loader):
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    sched_g, sched_d = (StepLR(opt_g, step_size=30, gamma=0.5),
                        StepLR(opt_d, step_size=30, gamma=0.5))
    start_epoch = 0
    if args.resume:
        state = torch.load(args.resume)
        G.load_state_dict(state["G"])
        opt_g.load_state_dict(state["opt_g"])
        opt_d.load_state_dict(state["opt_d"])
        sched_g.load_state_dict(state["sched_g"])
        sched_d.load_state_dict(state["sched_d"])
        start_epoch = state["epoch"]
    for epoch in range(start_epoch, args.epochs):
        for real in loader:
            opt_d.zero_grad()
            D.loss(real, G).backward()
            opt_d.step()
            opt_g.zero_grad()
            G.loss(D).backward()
            opt_g.step()
        sched_g.step()
        sched_d.step()

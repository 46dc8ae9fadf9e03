# The config-driven schedulers of s23_lr057_copied_key_wrong.py reading their own keys; the plateau's patience comes
# from a key of another name (`lr_patience`), and the cosine's length from `epochs`, which is no parameter of the
# cosine: none of them is another parameter's setting.
import torch
import yaml
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau, StepLR


def build(config_path, gen, disc):
    with open(config_path) as f:
        config = yaml.safe_load(f)
    opt_g = torch.optim.Adam(gen.parameters(), lr=config["lr"], betas=(0.5, 0.999))
    s_factor = config["scheduler"].get("factor", 0.5)
    s_patience = config["scheduler"].get("lr_patience", 5)
    sched_g = ReduceLROnPlateau(opt_g, mode="min", factor=s_factor, patience=s_patience)
    opt_d = torch.optim.SGD(disc.parameters(), lr=config["lr"], momentum=0.9)
    sched_d = StepLR(opt_d, step_size=config["decay"]["step_size"], gamma=config["decay"]["gamma"])
    return opt_g, sched_g, opt_d, sched_d


def build_cosine(args, net):
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr)
    return opt, CosineAnnealingLR(opt, T_max=args.epochs, eta_min=args.min_lr)


def train(config_path, loader, epochs=50):
    gen, disc = nn.Linear(8, 8), nn.Linear(8, 1)
    opt_g, sched_g, opt_d, sched_d = build(config_path, gen, disc)
    for epoch in range(epochs):
        for x in loader:
            opt_g.zero_grad()
            loss = disc(gen(x)).mean()
            loss.backward()
            opt_g.step()
            opt_d.zero_grad()
            disc(x).mean().backward()
            opt_d.step()
        sched_g.step(loss.item())
        sched_d.step()

# Settings read from a YAML config, one line copied from the one above: the plateau's patience is read from the
# `factor` key (0.5 once the config sets it), and the step decay's period from the key of its gamma. Each value was
# meant for the other parameter.
import torch
import yaml
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau, StepLR


def build(config_path, gen, disc):
    with open(config_path) as f:
        config = yaml.safe_load(f)
    opt_g = torch.optim.Adam(gen.parameters(), lr=config["lr"], betas=(0.5, 0.999))
    s_factor = config["scheduler"].get("factor", 0.5)
    s_patience = config["scheduler"].get("factor", 5)
    sched_g = ReduceLROnPlateau(opt_g, mode="min", factor=s_factor, patience=s_patience)  # expect: LR057
    opt_d = torch.optim.SGD(disc.parameters(), lr=config["lr"], momentum=0.9)
    sched_d = StepLR(opt_d, step_size=config["decay"]["gamma"], gamma=config["decay"]["gamma"])  # expect: LR057
    return opt_g, sched_g, opt_d, sched_d


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

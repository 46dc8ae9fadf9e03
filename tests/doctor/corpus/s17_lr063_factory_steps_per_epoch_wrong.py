# Wrong: a project factory builds the schedule from a per-epoch step count computed as the DataLoader's length over
# the batch size: the loader already yields batches, so the schedule is batch_size times too short (LR063).
import torch
from torch.utils.data import DataLoader


def build_scheduler(optimizer, steps_per_epoch, epochs, warmup_epochs=1):
    total = steps_per_epoch * epochs
    warm = steps_per_epoch * warmup_epochs
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / total))


def main(cfg):
    loader = DataLoader(build_dataset(cfg), batch_size=cfg.bsz, shuffle=True, num_workers=4)
    net = build_model(cfg)
    opt = torch.optim.AdamW(net.parameters(), lr=cfg.lr)
    sched = build_scheduler(opt, len(loader) // cfg.bsz, cfg.epochs)  # expect: LR063
    for epoch in range(cfg.epochs):
        for batch in loader:
            opt.zero_grad()
            net.loss(batch).backward()
            opt.step()
            sched.step()

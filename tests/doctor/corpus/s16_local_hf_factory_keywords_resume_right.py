# The project's own copy of transformers' warmup factory, called by keyword; the resume restores the scheduler's
# state with the optimizer's, so the schedule continues where it stopped: no finding.
import argparse

import torch

from .optim_utils import get_linear_schedule_with_warmup


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--resume", default="")
    args = parser.parse_args()
    model = torch.nn.Linear(10, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = get_linear_schedule_with_warmup(
        optimizer=optimizer, num_warmup_steps=3, num_training_steps=args.epochs)
    start_epoch = 0
    if args.resume:
        state = torch.load(args.resume)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        start_epoch = state["epoch"] + 1
    batches = [(torch.randn(4, 10), torch.randint(0, 2, (4,))) for _ in range(8)]
    for epoch in range(start_epoch, args.epochs):
        for x, y in batches:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "epoch": epoch}, "ckpt.pt")


if __name__ == "__main__":
    main()

# The project ships its own copy of transformers' warmup factory and calls it all by keyword. On --resume the
# weights, the optimizer and the epoch come back from the checkpoint, but the schedule is built again from step 0
# and its state is never saved: warmup runs a second time in the middle of training (LR040).
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
    scheduler = get_linear_schedule_with_warmup(  # expect: LR040
        optimizer=optimizer, num_warmup_steps=3, num_training_steps=args.epochs)
    start_epoch = 0
    if args.resume:
        state = torch.load(args.resume)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch = state["epoch"] + 1
    batches = [(torch.randn(4, 10), torch.randint(0, 2, (4,))) for _ in range(8)]
    for epoch in range(start_epoch, args.epochs):
        for x, y in batches:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, "ckpt.pt")


if __name__ == "__main__":
    main()

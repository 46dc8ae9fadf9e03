"""A complete PyTorch training loop with lrkit: warmup + cosine per update, gradient
accumulation, checkpoint and exact resume.

    python examples/torch_loop.py                          # train 8 epochs on sklearn's digits
    python examples/torch_loop.py --checkpoint ck.pt --stop-after 3   # stop after epoch 3 ...
    python examples/torch_loop.py --checkpoint ck.pt       # ... and resume: same LRs, same weights

The data (sklearn's bundled digits) needs no download. The scheduler is stepped
once per optimizer *update* (every ``--accum`` micro-batches), which is what
``total_steps`` counts; lrkit counts real updates, so stepping it once per
micro-batch would not break the schedule either, but this is the clear pattern.
"""

from __future__ import annotations

import argparse
import json
import math
import os

import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits

import lrkit.torch


def data(seed: int = 0):
    x, y = load_digits(return_X_y=True)
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(len(x), generator=g)
    x = torch.tensor(x, dtype=torch.float32)[perm]
    y = torch.tensor(y)[perm]
    n_val = len(x) // 5
    xt, yt, xv, yv = x[n_val:], y[n_val:], x[:n_val], y[:n_val]
    mean, std = xt.mean(0), xt.std(0) + 1e-6
    return (xt - mean) / std, yt, (xv - mean) / std, yv


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--micro-batch", type=int, default=16)
    ap.add_argument("--accum", type=int, default=2, help="micro-batches per optimizer update")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--schedule", default="warmup(1ep) >> cosine(min_lr_ratio=0.01)")
    ap.add_argument("--checkpoint", help="resume from this file when it exists; save to it after every epoch")
    ap.add_argument("--stop-after", type=int, help="stop after this epoch (simulates an interrupted run)")
    ap.add_argument("--log", help="append one JSON line per update (step, lr) to this file")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)

    xt, yt, xv, yv = data()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)

    batches_per_epoch = math.ceil(len(xt) / args.micro_batch)
    updates_per_epoch = math.ceil(batches_per_epoch / args.accum)
    total_updates = updates_per_epoch * args.epochs
    scheduler = lrkit.torch.LRScheduler(optimizer, args.schedule, total_steps=total_updates,
                                        steps_per_epoch=updates_per_epoch)
    shuffle = torch.Generator().manual_seed(1)
    start_epoch = 0

    if args.checkpoint and os.path.exists(args.checkpoint):
        ck = torch.load(args.checkpoint, weights_only=False)
        model.load_state_dict(ck["model"])
        optimizer.load_state_dict(ck["optimizer"])
        scheduler.load_state_dict(ck["scheduler"])  # writes the LR of the saved position
        shuffle.set_state(ck["shuffle"])
        start_epoch = ck["epoch"]
        print(f"resumed at epoch {start_epoch}, update {scheduler.position}, lr {scheduler.get_last_lr()[0]:.6g}")

    log = open(args.log, "a") if args.log else None
    for epoch in range(start_epoch, args.epochs):
        model.train()
        order = torch.randperm(len(xt), generator=shuffle)
        for b in range(batches_per_epoch):
            idx = order[b * args.micro_batch:(b + 1) * args.micro_batch]
            loss = F.cross_entropy(model(xt[idx]), yt[idx]) / args.accum
            loss.backward()
            if (b + 1) % args.accum == 0 or b + 1 == batches_per_epoch:  # one update per accum micro-batches
                if log:
                    log.write(json.dumps({"step": scheduler.position, "lr": optimizer.param_groups[0]["lr"]}) + "\n")
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
                scheduler.step()  # after optimizer.step(), once per update
        model.eval()
        with torch.no_grad():
            acc = (model(xv).argmax(1) == yv).float().mean().item()
        print(f"epoch {epoch + 1}/{args.epochs}  update {scheduler.position}/{total_updates}  "
              f"lr {scheduler.get_last_lr()[0]:.3e}  val acc {acc:.4f}")
        if args.checkpoint:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(), "shuffle": shuffle.get_state(), "epoch": epoch + 1},
                       args.checkpoint)
        if args.stop_after is not None and epoch + 1 >= args.stop_after:
            print(f"stopped after epoch {epoch + 1}")
            break
    if log:
        log.close()
    digest = float(sum(p.detach().double().sum() for p in model.parameters()))
    return {"val_acc": acc, "position": scheduler.position, "param_sum": digest}


if __name__ == "__main__":
    out = main()
    print(json.dumps(out))

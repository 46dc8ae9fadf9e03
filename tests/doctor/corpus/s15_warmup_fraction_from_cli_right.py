# The warm-up is a fraction of the run taken from the command line (default 0.1): the product with a fraction is a
# part of the run, not a multiple of it, so the two arguments are in their right places.
import argparse

import torch
from transformers import get_linear_schedule_with_warmup

cli = argparse.ArgumentParser()
cli.add_argument("--n_epochs", type=int, default=3)
cli.add_argument("--warm_frac", type=float, default=0.1)


def fit(net, batches, opts):
    steps = len(batches) * opts.n_epochs
    adam = torch.optim.AdamW(net.parameters(), lr=3e-5)
    sch = get_linear_schedule_with_warmup(adam, num_warmup_steps=steps * opts.warm_frac, num_training_steps=steps)
    for _ in range(opts.n_epochs):
        for xb, yb in batches:
            adam.zero_grad()
            torch.nn.functional.l1_loss(net(xb), yb).backward()
            adam.step()
            sch.step()


if __name__ == "__main__":
    fit(torch.nn.Linear(3, 1), [(torch.randn(4, 3), torch.randn(4, 1))] * 5, cli.parse_args())

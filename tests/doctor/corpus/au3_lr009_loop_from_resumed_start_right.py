# Right: the loop runs from a start epoch to a bound; with the option defaults it trains 40 epochs (11 to 50),
# under the 50 of the rule, even though the range's bound reads 51.
import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--first_epoch", type=int, default=10)
parser.add_argument("--last_epoch", type=int, default=50)
args = parser.parse_args()


def train(model, loader):
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    for epoch in range(args.first_epoch + 1, args.last_epoch + 1):
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.l1_loss(model(x), y).backward()
            opt.step()

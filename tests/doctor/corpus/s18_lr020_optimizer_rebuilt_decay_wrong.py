# A hand-written decay that builds a new Adam every `decay_every` epochs (train() reads the global optimizer);
# the StepLR was built on the first Adam and keeps stepping it after the first rebuild, so its decay never
# reaches the optimizer that trains.
import argparse

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=120)
parser.add_argument("--decay_every", type=int, default=30)
args = parser.parse_args()

model = nn.Linear(256, 128)
lr = 1e-3
optimizer = torch.optim.Adam(model.parameters(), lr=lr)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=40, gamma=0.1)  # expect: LR020


def train():
    model.train()
    for anchor, pos, neg in train_loader:
        optimizer.zero_grad()
        loss = nn.functional.triplet_margin_loss(model(anchor), model(pos), model(neg))
        loss.backward()
        optimizer.step()


for epoch in range(args.epochs):
    train()
    scheduler.step()
    if (epoch + 1) % args.decay_every == 0:
        lr *= 0.5
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)

# A module-level script written for torch < 1.1: the epoch decay is stepped at the top of every epoch and,
# left over from an experiment, before each of the two updates of a batch. Every call comes before an
# `optimizer.step()`, so besides the double stepping (LR016) the call left after removing the extra one still
# runs first (LR010, reported once, at the first call).
import torch
from torch.optim.lr_scheduler import StepLR

NUM_EPOCHS = 40

model = build_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
decay = StepLR(optimizer, step_size=10, gamma=0.5)

for epoch in range(NUM_EPOCHS):
    decay.step()  # expect: LR010
    for anchor, positive, negative in pair_loader:
        optimizer.zero_grad()
        loss = triplet_loss(model(anchor), model(positive), model(negative))
        loss.backward()
        decay.step()  # expect: LR016
        optimizer.step()

# The same module-level triplet script done right: the decay is stepped once, at the end of each epoch,
# after the epoch's optimizer steps.
import torch
from torch.optim.lr_scheduler import StepLR

NUM_EPOCHS = 40

model = build_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
decay = StepLR(optimizer, step_size=10, gamma=0.5)

for epoch in range(NUM_EPOCHS):
    for anchor, positive, negative in pair_loader:
        optimizer.zero_grad()
        loss = triplet_loss(model(anchor), model(positive), model(negative))
        loss.backward()
        optimizer.step()
    decay.step()

# Wrong: one cosine per optimizer built in a list comprehension with T_max in epochs, stepped inside the
# batch loop: every cosine finishes its cycle within the first epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def fit(gen, disc, loader, epochs=50):
    optimizers = [torch.optim.Adam(gen.parameters(), lr=2e-4), torch.optim.Adam(disc.parameters(), lr=2e-4)]
    schedulers = [CosineAnnealingLR(o, T_max=epochs) for o in optimizers]
    for epoch in range(epochs):
        for real in loader:
            for opt in optimizers:
                opt.zero_grad()
            loss = gen.loss(real) + disc.loss(real)
            loss.backward()
            for opt in optimizers:
                opt.step()
            for s in schedulers:
                s.step()  # expect: LR001

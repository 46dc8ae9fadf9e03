# Module-level script: `sched` first holds the option, then the cosine it selects. `sched != "cosine"` is then
# always True (a scheduler is never equal to a string), so the epoch-sized cosine is stepped every batch.
import argparse

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ExponentialLR

parser = argparse.ArgumentParser()
parser.add_argument("--sched", default="cosine")
parser.add_argument("--epochs", type=int, default=40)
args = parser.parse_args()

model = torch.nn.Linear(8, 1)
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.randn(640, 8), torch.randn(640, 1)),
                                     batch_size=32, shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = args.sched
if sched == "cosine":
    sched = CosineAnnealingLR(optimizer, T_max=args.epochs)
else:
    sched = ExponentialLR(optimizer, gamma=0.95)

for epoch in range(args.epochs):
    for x, y in loader:
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
        if sched != "cosine":
            sched.step()  # expect: LR001
    if sched == "cosine":
        sched.step()

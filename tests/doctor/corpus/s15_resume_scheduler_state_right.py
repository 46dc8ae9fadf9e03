# The resume keeps the live scheduler (bound to the optimizer that trains) and loads the saved state into it;
# the checkpoint holds state dicts, not objects.
import os

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

net = torch.nn.Linear(7, 1)
adam = torch.optim.Adam(net.parameters(), lr=1e-3)
cosine = CosineAnnealingLR(adam, T_max=50)
first = 0
if os.path.isfile("state.pt"):
    state = torch.load("state.pt")
    net.load_state_dict(state["model"])
    adam.load_state_dict(state["optimizer"])
    cosine.load_state_dict(state["scheduler"])
    first = state["epoch"] + 1
data = [(torch.randn(4, 7), torch.randn(4, 1)) for _ in range(6)]
for epoch in range(first, 50):
    for x, y in data:
        adam.zero_grad()
        torch.nn.functional.mse_loss(net(x), y).backward()
        adam.step()
    cosine.step()
    torch.save({"model": net.state_dict(), "optimizer": adam.state_dict(), "scheduler": cosine.state_dict(),
                "epoch": epoch}, "state.pt")

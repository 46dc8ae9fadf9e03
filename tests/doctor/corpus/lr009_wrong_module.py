# A long run at a constant LR, at module level.
import torch

model = torch.nn.Linear(4, 1)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)  # expect: LR009
for epoch in range(100):
    for x, y in train_loader:
        opt.zero_grad()
        ((model(x) - y) ** 2).mean().backward()
        opt.step()

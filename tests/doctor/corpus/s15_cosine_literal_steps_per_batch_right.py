# A literal T_max far above the epoch count (20000 batches for a 40-epoch run) is a count of batches: stepped per
# batch it is right, and nothing about the epochs is reported.
import torch
from torch.utils.data import DataLoader, TensorDataset

stream = DataLoader(TensorDataset(torch.randn(8000, 6), torch.randn(8000, 1)), batch_size=16)
reg = torch.nn.Linear(6, 1)
opt = torch.optim.SGD(reg.parameters(), lr=0.02)
cos = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=20000)
for epoch in range(40):
    for a, b in stream:
        opt.zero_grad()
        torch.nn.functional.mse_loss(reg(a), b).backward()
        opt.step()
        cos.step()

# Two stages, each with its own schedule sized with the loader it is stepped over.
import torch
from torch.utils.data import DataLoader, TensorDataset
from transformers import get_linear_schedule_with_warmup

corpus = TensorDataset(torch.randn(20000, 64))
labelled = TensorDataset(torch.randn(1200, 64), torch.randint(0, 4, (1200,)))
pretrain_loader = DataLoader(corpus, batch_size=64, shuffle=True)
finetune_loader = DataLoader(labelled, batch_size=16, shuffle=True)
encoder = torch.nn.Linear(64, 64)
head = torch.nn.Linear(64, 4)
epochs = 3

optimizer = torch.optim.AdamW(encoder.parameters(), lr=1e-4)
total = len(pretrain_loader) * epochs
scheduler = get_linear_schedule_with_warmup(optimizer, total // 10, total)
for epoch in range(epochs):
    for (x,) in pretrain_loader:
        encoder(x).pow(2).mean().backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()

ft_optimizer = torch.optim.AdamW(list(encoder.parameters()) + list(head.parameters()), lr=2e-5)
ft_scheduler = get_linear_schedule_with_warmup(ft_optimizer, len(finetune_loader) * epochs // 10,
                                               len(finetune_loader) * epochs)
for epoch in range(epochs):
    for x, y in finetune_loader:
        torch.nn.functional.cross_entropy(head(encoder(x)), y).backward()
        ft_optimizer.step()
        ft_scheduler.step()
        ft_optimizer.zero_grad()

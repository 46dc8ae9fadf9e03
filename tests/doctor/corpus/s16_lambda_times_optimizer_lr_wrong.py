# The warmup function multiplies by `peak`, the very value the optimizer was given as lr=: it returns a learning
# rate, and LambdaLR multiplies the optimizer's LR by it, so the run trains at peak x peak (LR039).
import torch
from torch.optim.lr_scheduler import LambdaLR

peak = 3e-4
warmup = 500
model = torch.nn.Linear(16, 4)
optimizer = torch.optim.AdamW(model.parameters(), lr=peak, weight_decay=0.01)
scheduler = LambdaLR(optimizer, lambda step: peak * min(1.0, (step + 1) / warmup))  # expect: LR039
batches = [(torch.randn(8, 16), torch.randint(0, 4, (8,))) for _ in range(100)]
for epoch in range(20):
    for x, y in batches:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()

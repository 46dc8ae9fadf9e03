# A project factory with transformers' name but keywords of its own (warmup and total counted in epochs): it is not
# read as transformers' factory, and nothing is claimed about its units. The per-batch loop with a per-epoch step is
# what the project's own function is written for: no finding.
import torch

from .lr_tools import get_cosine_schedule_with_warmup

model = torch.nn.Linear(10, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = get_cosine_schedule_with_warmup(optimizer=optimizer, warmup_epochs=5, total_epochs=90)
batches = [(torch.randn(4, 10), torch.randint(0, 2, (4,))) for _ in range(8)]
for epoch in range(90):
    for x, y in batches:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()

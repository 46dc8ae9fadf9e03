# The cosine's horizon is a number close to the epoch count (a 120-epoch recipe's T_max=100) but the scheduler is
# stepped after every batch: as a count of batches, the whole decay is spent in the first epoch or two.
import torch
from torch.utils.data import DataLoader, TensorDataset

pairs = DataLoader(TensorDataset(torch.randn(2048, 10), torch.randint(0, 3, (2048,))), batch_size=32, shuffle=True)
clf = torch.nn.Linear(10, 3)
momentum_sgd = torch.optim.SGD(clf.parameters(), lr=0.1, momentum=0.9)
anneal = torch.optim.lr_scheduler.CosineAnnealingLR(momentum_sgd, T_max=100, eta_min=1e-4)
for epoch in range(120):
    for feats, cls in pairs:
        momentum_sgd.zero_grad()
        torch.nn.functional.cross_entropy(clf(feats), cls).backward()
        momentum_sgd.step()
        anneal.step()  # expect: LR001

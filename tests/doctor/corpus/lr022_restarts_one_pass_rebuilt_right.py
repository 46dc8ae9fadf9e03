# Right: a warm-restart cosine whose period is one pass over the loader (T_0=len(loader)), rebuilt at the start of
# every epoch and stepped per batch: each pass ends at a restart, so the new scheduler gives the same LRs the old
# one would have (checked with torch: identical to building it once).
import torch
from torch.utils.data import DataLoader
from tqdm import tqdm

loader = DataLoader(train_set, batch_size=64, shuffle=True)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(20):
    sched = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, len(loader))
    for i, (x, y) in tqdm(enumerate(loader)):
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
        sched.step()

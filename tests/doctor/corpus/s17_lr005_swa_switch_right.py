# Right: an SWA recipe: the cosine covers the epochs before swa_start and is stepped only there; after it the SWA
# scheduler takes over. The test is on the SWA start, not a warm-up, and T_max is that part of the run.
import torch
from torch.optim.swa_utils import SWALR, AveragedModel

epochs, swa_start = 100, 75
model = build_model()
swa_model = AveragedModel(model)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=swa_start)
swa_scheduler = SWALR(optimizer, swa_lr=0.01)
for epoch in range(epochs):
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    if epoch > swa_start:
        swa_model.update_parameters(model)
        swa_scheduler.step()
    else:
        scheduler.step()

# Right: the same timm cosine sized in updates with t_in_epochs=False, so step_update(global_step) sets the LR
# every batch.
import torch
from timm.scheduler import CosineLRScheduler

EPOCHS = 30
model = torch.nn.Linear(1024, 100)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.05)
lr_scheduler = CosineLRScheduler(optimizer, t_initial=EPOCHS * len(train_loader), warmup_t=500,
                                 warmup_lr_init=1e-6, lr_min=1e-6, t_in_epochs=False)
for epoch in range(EPOCHS):
    for i, (images, labels) in enumerate(train_loader):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(images), labels).backward()
        optimizer.step()
        lr_scheduler.step_update(epoch * len(train_loader) + i)

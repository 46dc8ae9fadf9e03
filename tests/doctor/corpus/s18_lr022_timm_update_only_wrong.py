# timm's CosineLRScheduler sized in updates but left at t_in_epochs=True (the default) and driven only by
# step_update(global_step): timm ignores step_update for an epoch-counted scheduler, so the LR stays at
# warmup_lr_init for the whole run.
import torch
from timm.scheduler import CosineLRScheduler

EPOCHS = 30
model = torch.nn.Linear(1024, 100)
optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.05)
lr_scheduler = CosineLRScheduler(optimizer, t_initial=EPOCHS * len(train_loader), warmup_t=500,  # expect: LR022
                                 warmup_lr_init=1e-6, lr_min=1e-6)
for epoch in range(EPOCHS):
    model.train()
    for i, (images, labels) in enumerate(train_loader):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(images), labels).backward()
        optimizer.step()
        lr_scheduler.step_update(epoch * len(train_loader) + i)
    print(epoch, optimizer.param_groups[0]["lr"])

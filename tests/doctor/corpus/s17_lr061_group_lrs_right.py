# Right: the backbone and head groups carry their own LRs (10x for the head); the floor is the base LR, below where
# the head starts, and a plateau floor far below the LR.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau

base_lr = 1e-4
param_groups = [{"params": model.backbone.parameters(), "lr": base_lr},
                {"params": model.head.parameters(), "lr": base_lr * 10}]
optimizer = torch.optim.AdamW(param_groups, lr=base_lr)
scheduler = CosineAnnealingLR(optimizer, T_max=30, eta_min=base_lr)
opt2 = torch.optim.SGD(aux.parameters(), lr=0.01)
plateau = ReduceLROnPlateau(opt2, factor=0.5, patience=3, min_lr=1e-6)
for epoch in range(30):
    val_loss = run_epoch(model, aux, optimizer, opt2)
    scheduler.step()
    plateau.step(val_loss)

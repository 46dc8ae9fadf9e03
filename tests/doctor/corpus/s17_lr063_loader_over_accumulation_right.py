# Right: the loader's batch count divided by the gradient accumulation (updates per epoch), and the dataset's
# length divided by the batch size for OneCycle's steps_per_epoch of a loader without a batch size (batch 1).
import math

import torch
from torch.utils.data import DataLoader

train_loader = DataLoader(train_set, batch_size=8, shuffle=True)
updates_per_epoch = math.ceil(len(train_loader) / args.gradient_accumulation_steps)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-3, epochs=args.epochs,
                                                steps_per_epoch=updates_per_epoch)
sample_loader = DataLoader(examples, shuffle=True)
aux_opt = torch.optim.SGD(aux.parameters(), lr=0.01)
aux_sched = torch.optim.lr_scheduler.CosineAnnealingLR(aux_opt, T_max=len(sample_loader) // args.batch_size)

# Wrong: a hand-written linear warm-up for the first 5 epochs, then `if epoch >= warmup_epochs: cosine.step()`; the
# cosine is sized for the whole num_epochs and never reaches its floor (LR005).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

num_epochs = 100
warmup_epochs = 5
base_lr = 0.1
model = build_model()
optimizer = torch.optim.SGD(model.parameters(), lr=base_lr, momentum=0.9, weight_decay=5e-4)
cosine = CosineAnnealingLR(optimizer, T_max=num_epochs)  # expect: LR005
for epoch in range(num_epochs):
    if epoch < warmup_epochs:
        for g in optimizer.param_groups:
            g["lr"] = base_lr * (epoch + 1) / warmup_epochs
    for images, labels in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(images), labels).backward()
        optimizer.step()
    if epoch >= warmup_epochs:
        cosine.step()

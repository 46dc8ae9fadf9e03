# Wrong: timm's scheduler is set, not advanced: step(x) reads x in t_initial's unit (epochs here). Given a
# counter of batches the loop adds to, the cosine over 100 epochs is spent after 100 batches.
import timm
import torch
from timm.scheduler import CosineLRScheduler


def train(train_loader, epochs=100):
    model = timm.create_model("resnet50", num_classes=10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = CosineLRScheduler(optimizer, t_initial=epochs, warmup_t=5, warmup_lr_init=1e-6)
    n_iter = 0
    for epoch in range(epochs):
        for images, targets in train_loader:
            loss = torch.nn.functional.cross_entropy(model(images), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            n_iter += 1
            scheduler.step(n_iter)  # expect: LR001

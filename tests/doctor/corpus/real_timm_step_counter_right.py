# Right: the batch counter goes to step_update (which reads updates), and step(epoch + 1) sets the epoch.
import timm
import torch
from timm.scheduler import CosineLRScheduler


def train(train_loader, epochs=100):
    model = timm.create_model("resnet50", num_classes=10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = CosineLRScheduler(optimizer, t_initial=epochs, warmup_t=5, warmup_lr_init=1e-6)
    num_updates = 0
    for epoch in range(epochs):
        for images, targets in train_loader:
            loss = torch.nn.functional.cross_entropy(model(images), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            num_updates += 1
            scheduler.step_update(num_updates=num_updates)
        scheduler.step(epoch + 1)

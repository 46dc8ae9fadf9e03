# Detection-style train(): the `lr_schedule` option string is replaced by the scheduler it chose. From then on
# `lr_schedule == "onecycle"` compares a scheduler with a string (always False), so the per-batch step never runs
# and the `!=` arm steps the OneCycle once per epoch.
import torch
from torch.optim.lr_scheduler import MultiStepLR, OneCycleLR
from tqdm import tqdm


def train(model, train_loader, optimizer, lr_schedule, epochs, scaler):
    if lr_schedule == "onecycle":
        lr_schedule = OneCycleLR(optimizer, max_lr=1e-3, epochs=epochs, steps_per_epoch=len(train_loader))
    elif lr_schedule == "multistep":
        lr_schedule = MultiStepLR(optimizer, milestones=[16, 22], gamma=0.1)
    for epoch in range(epochs):
        model.train()
        for images, targets in tqdm(train_loader):
            with torch.autocast("cuda"):
                loss = sum(model(images, targets).values())
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad()
            if lr_schedule == "onecycle":
                lr_schedule.step()
        if lr_schedule != "onecycle":
            lr_schedule.step()  # expect: LR002

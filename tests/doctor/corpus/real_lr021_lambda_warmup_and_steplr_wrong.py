# A LambdaLR warmup stepped every batch for the whole run and a StepLR stepped every epoch on the same optimizer:
# LambdaLR rewrites lr = base_lr * factor at each call, so the StepLR decay is undone one batch later.
# (Mark: the later .step() in execution order, as for LR016.)
import torch
from torch.optim.lr_scheduler import LambdaLR, StepLR


def train(model, loader, epochs=90, warmup_steps=2000):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-4)
    warmup = LambdaLR(optimizer, lr_lambda=lambda s: min(1.0, (s + 1) / warmup_steps))
    decay = StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(epochs):
        for images, targets in loader:
            loss = torch.nn.functional.cross_entropy(model(images), targets)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            warmup.step()
        decay.step()  # expect: LR021

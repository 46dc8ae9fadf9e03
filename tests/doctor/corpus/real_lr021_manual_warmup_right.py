# YOLO-style: during the first warmup iterations the LR is interpolated by hand towards the value the LambdaLR
# sets for this epoch; the LambdaLR is the only scheduler and is stepped once per epoch.
import math

import numpy as np
import torch
from torch.optim import lr_scheduler


def train(model, train_loader, compute_loss, epochs=300, warmup_epochs=3, lrf=0.01):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.937, nesterov=True)
    lf = lambda x: ((1 - math.cos(x * math.pi / epochs)) / 2) * (lrf - 1) + 1
    scheduler = lr_scheduler.LambdaLR(optimizer, lr_lambda=lf)
    nb = len(train_loader)
    nw = max(round(warmup_epochs * nb), 100)
    for epoch in range(epochs):
        for i, (imgs, targets) in enumerate(train_loader):
            ni = i + nb * epoch
            if ni <= nw:
                for x in optimizer.param_groups:
                    x["lr"] = np.interp(ni, [0, nw], [0.0, x["initial_lr"] * lf(epoch)])
            loss = compute_loss(model(imgs), targets)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        scheduler.step()

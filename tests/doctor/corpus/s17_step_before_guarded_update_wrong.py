# Wrong: the old detection-tutorial order: StepLR stepped at the top of every epoch, before the phase loop whose
# optimizer step runs only in the training phase: the first scheduler step comes before any update (LR010).
import enum

import torch
from torch import optim


class Phase(enum.Enum):
    TRAIN = "train"
    VAL = "val"


def train(model, dataloaders, epochs, lr=0.01):
    optimizer = optim.SGD(model.parameters(), lr=lr)
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.1)
    for epoch in range(epochs):
        scheduler.step()  # expect: LR010
        for phase in [Phase.TRAIN, Phase.VAL]:
            model.train(phase is Phase.TRAIN)
            for images, targets in dataloaders[phase]:
                optimizer.zero_grad()
                with torch.set_grad_enabled(phase is Phase.TRAIN):
                    loss = model.loss(images, targets)
                    if phase is Phase.TRAIN:
                        loss.backward()
                        optimizer.step()

# A fixed number of batches per epoch via islice(loader, n); epoch milestones [60, 80] of a 100-epoch run stepped per batch.
from itertools import islice

import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import MultiStepLR

NUM_EPOCHS = 100
STEPS_PER_EPOCH = 500


def train(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    scheduler = MultiStepLR(optimizer, milestones=[60, 80], gamma=0.2)
    for epoch in range(NUM_EPOCHS):
        model.train()
        for step, (x, y) in enumerate(islice(train_loader, STEPS_PER_EPOCH)):
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001

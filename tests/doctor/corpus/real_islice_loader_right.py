# A fixed number of batches per epoch via islice(loader, n); OneCycle sized epochs x n, stepped per batch.
from itertools import islice

import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import OneCycleLR

NUM_EPOCHS = 30
STEPS_PER_EPOCH = 500


def train(model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
    scheduler = OneCycleLR(optimizer, max_lr=0.4, epochs=NUM_EPOCHS, steps_per_epoch=STEPS_PER_EPOCH)
    for epoch in range(NUM_EPOCHS):
        model.train()
        for step, (x, y) in enumerate(islice(train_loader, STEPS_PER_EPOCH)):
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()

# OneCycle stepped after every batch and again after every epoch: it advances one extra step per epoch (double
# stepping, not "too slow"); the per-epoch call is the second call site reached.
import torch
import torch.nn.functional as F
from torch.optim.lr_scheduler import OneCycleLR
from tqdm import tqdm

EPOCHS = 25


def train(model, train_loader, val_loader, evaluate):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
    scheduler = OneCycleLR(optimizer, max_lr=0.1, epochs=EPOCHS, steps_per_epoch=len(train_loader))
    for epoch in range(EPOCHS):
        model.train()
        with tqdm(train_loader, unit="batch") as tepoch:
            for data, target in tepoch:
                optimizer.zero_grad()
                loss = F.cross_entropy(model(data), target)
                loss.backward()
                optimizer.step()
                scheduler.step()
                tepoch.set_postfix(loss=loss.item())
        evaluate(model, val_loader)
        scheduler.step()  # expect: LR016

# CIFAR train.py: the 200-epoch recipe's milestones [100, 150] kept in a 30-epoch run and stepped after every
# batch in a tqdm loop. Epoch milestones counted in batches: the LR drops 100x within the first epoch.
import torch
from torch import nn, optim
from tqdm import tqdm


def main(model, train_loader, device="cuda"):
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    scheduler = optim.lr_scheduler.MultiStepLR(optimizer, milestones=[100, 150], gamma=0.1)
    for epoch in range(30):
        model.train()
        pbar = tqdm(train_loader)
        for inputs, targets in pbar:
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
            pbar.set_description(f"loss {loss.item():.3f}")

# Module-level optimizer/scheduler; train(epoch) runs the batches and the script steps the cosine once per epoch.
import torch
import torch.nn as nn
import torch.optim as optim

from models import ResNet18
from data import testloader, trainloader

EPOCHS = 200
net = ResNet18()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)


def train(epoch):
    net.train()
    for batch_idx, (inputs, targets) in enumerate(trainloader):
        optimizer.zero_grad()
        loss = criterion(net(inputs), targets)
        loss.backward()
        optimizer.step()


def test(epoch):
    net.eval()
    with torch.no_grad():
        for inputs, targets in testloader:
            net(inputs)


for epoch in range(EPOCHS):
    train(epoch)
    test(epoch)
    scheduler.step()

# A long run at a constant LR.
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

NUM_EPOCHS = 200


def main(dataset):
    loader = DataLoader(dataset, batch_size=128, shuffle=True)
    model = torch.nn.Linear(32, 10)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)  # expect: LR009
    for epoch in range(NUM_EPOCHS):
        for x, y in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()

# The same slip inside a train() function with a tqdm validation loop: `val_loss = criterion(...).item()` overwrites
# the sum each batch, and the plateau scheduler reduces on one batch.
import torch
from tqdm import tqdm


def train(model, loaders, criterion, epochs=50):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=5)
    for epoch in range(epochs):
        model.train()
        for inputs, labels in tqdm(loaders["train"]):
            optimizer.zero_grad()
            criterion(model(inputs), labels).backward()
            optimizer.step()
        model.eval()
        val_loss = 0
        for i, (inputs, labels) in enumerate(tqdm(loaders["val"])):
            with torch.no_grad():
                outputs = model(inputs)
            val_loss = criterion(outputs, labels).item()
        plateau.step(val_loss / len(loaders["val"]))  # expect: LR047

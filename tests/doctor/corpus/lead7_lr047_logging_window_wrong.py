# The tutorial's logging window reused as the plateau's metric: running_loss is reset every 100 batches after it
# is printed, so after the loop it holds only the batches since the last reset (0.0 when the loader's length is a
# multiple of 100, and the plateau then never sees an improvement).
import torch
from torch import nn, optim


def fit(model, loader, epochs=30):
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.AdamW(model.parameters(), lr=1e-3)
    scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=0.1, patience=5)
    for epoch in range(epochs):
        running_loss = 0.0
        model.train()
        for i, (inputs, labels) in enumerate(loader, 0):
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
            if i % 100 == 99:
                print(f"[{epoch + 1}, {i + 1}] loss: {running_loss / 100:.3f}")
                running_loss = 0.0
        scheduler.step(running_loss)  # expect: LR047

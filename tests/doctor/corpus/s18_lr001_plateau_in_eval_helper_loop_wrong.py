# A validate() helper steps the plateau it is given on every batch of the validation loader with the batch's
# loss: patience counts validation batches.
import torch


@torch.no_grad()
def validate(model, val_loader, criterion, scheduler):
    model.eval()
    total = 0.0
    for x, y in val_loader:
        loss = criterion(model(x), y)
        total += loss.item()
        scheduler.step(loss.item())  # expect: LR001
    return total / len(val_loader)


def fit(model, train_loader, val_loader, epochs=50):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=5)
    criterion = torch.nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
        validate(model, val_loader, criterion, scheduler)

# Tutorial-style validation: running sums (+=) of the loss and of the correct predictions, epoch values computed
# from them after the loop, the plateau (mode="max") fed the epoch accuracy. Right.
import torch


def validate(model, loader, size, criterion, scheduler):
    running_loss, running_corrects = 0.0, 0
    epoch_acc = 0.0
    for inputs, labels in loader:
        with torch.no_grad():
            outputs = model(inputs)
        preds = outputs.argmax(1)
        running_loss += criterion(outputs, labels).item() * inputs.size(0)
        running_corrects += torch.sum(preds == labels).item()
    epoch_loss = running_loss / size
    epoch_acc = running_corrects / size
    scheduler.step(epoch_acc)
    return epoch_loss, epoch_acc


def main(model, loaders, sizes, criterion, epochs=25):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "max", patience=2)
    for epoch in range(epochs):
        for inputs, labels in loaders["train"]:
            optimizer.zero_grad()
            criterion(model(inputs), labels).backward()
            optimizer.step()
        validate(model, loaders["val"], sizes["val"], criterion, scheduler)

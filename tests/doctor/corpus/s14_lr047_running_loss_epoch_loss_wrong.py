# Transfer-learning-tutorial style: `running_loss = 0.0`, then `running_loss = loss.item() * inputs.size(0)` in the
# validation loop (meant +=), `epoch_loss = running_loss / dataset_size` after it, and the plateau fed epoch_loss.
import torch


def evaluate_and_step(model, dataloader, dataset_size, criterion, scheduler):
    model.eval()
    running_loss = 0.0
    for inputs, labels in dataloader:
        with torch.no_grad():
            loss = criterion(model(inputs), labels)
        running_loss = loss.item() * inputs.size(0)
    epoch_loss = running_loss / dataset_size
    scheduler.step(epoch_loss)  # expect: LR047
    return epoch_loss


def main(model, loaders, sizes, criterion, epochs=25):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=2)
    for epoch in range(epochs):
        model.train()
        for inputs, labels in loaders["train"]:
            optimizer.zero_grad()
            criterion(model(inputs), labels).backward()
            optimizer.step()
        evaluate_and_step(model, loaders["val"], sizes["val"], criterion, scheduler)

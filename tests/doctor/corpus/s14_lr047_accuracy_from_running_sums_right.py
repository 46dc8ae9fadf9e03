# The accuracy is reassigned in the loop, but from running sums (correct += ..., total += ...): after the loop it is
# the whole pass's accuracy, shown on the progress bar as it goes. Right.
import torch
from tqdm import tqdm


def validate_and_step(model, val_loader, scheduler):
    correct, total = 0, 0
    val_acc = 0.0
    bar = tqdm(val_loader)
    with torch.no_grad():
        for images, labels in bar:
            preds = model(images).argmax(1)
            correct += (preds == labels).sum().item()
            total += labels.size(0)
            val_acc = correct / total
            bar.set_postfix(acc=val_acc)
    scheduler.step(val_acc)
    return val_acc


def main(model, train_loader, val_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", patience=4)
    for epoch in range(epochs):
        for images, labels in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(images), labels).backward()
            optimizer.step()
        validate_and_step(model, val_loader, scheduler)

# Wrong: StepLR stepped with the validation accuracy (an argument only ReduceLROnPlateau takes): each epoch the
# schedule jumps to "epoch 0.87", so the decay never happens.
import torch


def fit(model, train_loader, valid_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        val_acc = accuracy(model, valid_loader)
        scheduler.step(val_acc)  # expect: LR041

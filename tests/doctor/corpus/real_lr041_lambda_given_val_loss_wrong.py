# Wrong: a script switched from ReduceLROnPlateau to a LambdaLR decay but kept `step(val_loss)`: torch reads the
# loss as the epoch to jump to, so the LR follows the validation loss instead of decaying per epoch.
import torch


def fit(model, train_loader, valid_loader, epochs=30):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    lr_scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda epoch: 0.05 / (epoch + 1))
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        val_loss = evaluate(model, valid_loader)
        lr_scheduler.step(val_loss)  # expect: LR041

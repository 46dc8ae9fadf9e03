# Right: an old-style torch loop passing the epoch number itself to step(epoch) (deprecated, but the epoch is
# what it expects), and a cosine stepped with no argument.
import torch


def fit(model, train_loader, epochs=90):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step(epoch + 1)

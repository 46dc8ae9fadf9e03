# The resume point is a parameter default: when `epoch_start` is not the first epoch the networks are
# reloaded and the loop continues from it, but the linear-decay LambdaLR starts over at factor 1.
import torch
from torch.optim.lr_scheduler import LambdaLR


def train(generator, loader, epoch_start=101, n_epochs=100, n_decay=100):
    if epoch_start != 1:
        generator.load_state_dict(torch.load("checkpoints/generator.pth"))
    optimizer = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))

    def linear_decay(epoch):
        return 1.0 - max(0, epoch + 1 - n_epochs) / float(n_decay + 1)

    scheduler = LambdaLR(optimizer, lr_lambda=linear_decay)  # expect: LR040
    for epoch in range(epoch_start, n_epochs + n_decay + 1):
        for real in loader:
            optimizer.zero_grad()
            generator.loss(real).backward()
            optimizer.step()
        scheduler.step()
        torch.save(generator.state_dict(), "checkpoints/generator.pth")

# Right: the same __main__ script with the cosine sized in batches (epochs x len(loader)) and stepped every batch
# by the helper.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def train_epoch(model, loader, optimizer, scheduler):
    for images, masks in loader:
        optimizer.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(model(images), masks).backward()
        optimizer.step()
        scheduler.step()


if __name__ == "__main__":
    num_epochs = 50
    model = UNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=num_epochs * len(train_loader))
    for epoch in range(num_epochs):
        train_epoch(model, train_loader, optimizer, scheduler)

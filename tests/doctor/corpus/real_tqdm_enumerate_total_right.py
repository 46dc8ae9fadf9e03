# progress_bar = tqdm(enumerate(dataloader), total=len(dataloader)); OneCycle stepped after every optimizer step.
import torch
from torch import nn
from torch.optim.lr_scheduler import OneCycleLR
from tqdm.auto import tqdm

EPOCHS = 15


def fit(model: nn.Module, dataloader, device="cuda"):
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-4)
    scheduler = OneCycleLR(optimizer, max_lr=1e-3, epochs=EPOCHS, steps_per_epoch=len(dataloader))
    for epoch in range(EPOCHS):
        model.train()
        running = 0.0
        progress_bar = tqdm(enumerate(dataloader), total=len(dataloader))
        for step, (x, y) in progress_bar:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step()
            running += loss.item()
            progress_bar.set_description(f"loss {running / (step + 1):.4f}")

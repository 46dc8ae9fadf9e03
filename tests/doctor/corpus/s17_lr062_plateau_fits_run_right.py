# Right: a 5-epoch fine-tune whose plateau has patience=1: two bad epochs in a row cut the LR.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

EPOCHS = 5


def train_model(model, train_loader, val_loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-5)
    scheduler = ReduceLROnPlateau(optimizer, "min", patience=1, factor=0.5)
    for epoch in range(EPOCHS):
        model.train()
        for batch in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(batch["input_ids"]), batch["labels"]).backward()
            optimizer.step()
        val_loss = evaluate(model, val_loader)
        scheduler.step(val_loss)
    return model

# Wrong: a 5-epoch BERT regression fine-tune with the default patience of 10: five calls can never make the plateau
# cut the LR (LR062).
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

EPOCHS = 5


def train_model(model, train_loader, val_loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-5)
    scheduler = ReduceLROnPlateau(optimizer, "min")  # expect: LR062
    for epoch in range(EPOCHS):
        model.train()
        for batch in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(batch["input_ids"]), batch["labels"]).backward()
            optimizer.step()
        val_loss = evaluate(model, val_loader)
        scheduler.step(val_loss)
    return model

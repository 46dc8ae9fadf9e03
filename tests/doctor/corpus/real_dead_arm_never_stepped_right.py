# Right: the training function steps the scheduler only when step == "batch"; the caller fixes
# step = "epoch" and steps the plateau scheduler with the validation loss after each epoch.
import torch


def train_epoch(model, loader, optimizer, lr_scheduler, step):
    for batch in loader:
        loss = model(**batch).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step == "batch":
            lr_scheduler.step()


def main(model, train_loader, valid_loader, epochs=20):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    lr_scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=1)
    step = "epoch"
    for epoch in range(epochs):
        train_epoch(model, train_loader, optimizer, lr_scheduler, step)
        valid_loss = evaluate(model, valid_loader)
        if step == "epoch":
            lr_scheduler.step(valid_loss)

# Wrong: the training function steps the scheduler only when step == "batch", but the caller fixes
# step = "epoch" and the epoch loop never steps the plateau scheduler itself: the LR never changes.
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
    lr_scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", patience=1)  # expect: LR022
    step = "epoch"
    for epoch in range(epochs):
        train_epoch(model, train_loader, optimizer, lr_scheduler, step)
        valid_loss = evaluate(model, valid_loader)

# OneCycleLR counted in optimizer updates per epoch (len(train_loader) // accum_steps), stepped once per update
# under the accumulation gate: right.
import torch
from torch.optim.lr_scheduler import OneCycleLR


def fit(model, train_loader, epochs=10, accum_steps=4, lr=3e-4):
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = OneCycleLR(optimizer, max_lr=lr, epochs=epochs, steps_per_epoch=len(train_loader) // accum_steps)
    for epoch in range(epochs):
        for step, batch in enumerate(train_loader):
            loss = model(**batch).loss / accum_steps
            loss.backward()
            if (step + 1) % accum_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()

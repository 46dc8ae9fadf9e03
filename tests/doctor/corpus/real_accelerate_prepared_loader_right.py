# Loader passed through accelerator.prepare (scheduler not prepared, so accelerate never steps it): stepped per epoch.
import torch
from accelerate import Accelerator
from torch.optim.lr_scheduler import CosineAnnealingLR


def main(model, train_dl, num_epochs=50):
    accelerator = Accelerator(mixed_precision="bf16")
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-4)
    scheduler = CosineAnnealingLR(optimizer, T_max=num_epochs)
    model, optimizer, train_dl = accelerator.prepare(model, optimizer, train_dl)
    for epoch in range(num_epochs):
        model.train()
        for batch in train_dl:
            loss = model(**batch).loss
            accelerator.backward(loss)
            optimizer.step()
            optimizer.zero_grad()
        scheduler.step()
        accelerator.print(f"epoch {epoch}: lr {scheduler.get_last_lr()[0]:.2e}")

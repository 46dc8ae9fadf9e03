# A LambdaLR warm-up function whose decay phase counts up from the warm-up's end: the factor falls from 1 to
# about 0 when the warm-up ends and then rises back to 1 over the run.
import torch
from torch.optim.lr_scheduler import LambdaLR


def train(model, train_loader, epochs=10, warmup_steps=500):
    total_steps = epochs * len(train_loader)

    def lr_lambda(current_step):
        if current_step < warmup_steps:
            return current_step / max(1, warmup_steps)
        return (current_step - warmup_steps) / max(1, total_steps - warmup_steps)  # expect: LR052

    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
    scheduler = LambdaLR(optimizer, lr_lambda)
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()

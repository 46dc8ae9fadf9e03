# Wrong: a training script (or notebook export) that calls transformers' cosine factory without importing it in
# this file, with gradient accumulation: stepped once per update, it is sized in batches and only a quarter of
# the cosine is used.
import torch


def fit(model, train_loader, epochs=3, accum_steps=4):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_cosine_schedule_with_warmup(  # expect: LR019
        optimizer, num_warmup_steps=100, num_training_steps=epochs * len(train_loader))
    for epoch in range(epochs):
        for step, (x, y) in enumerate(train_loader):
            loss = torch.nn.functional.mse_loss(model(x), y) / accum_steps
            loss.backward()
            if (step + 1) % accum_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()

# Wrong: a warmup+cosine built by a factory of the file from a length in batches, stepped once per optimizer
# update every `accumulation_steps` batches (with a flush of the last partial window after the loop): the
# schedule is accumulation_steps times too long.
from torch import optim


def make_scheduler(optimizer, total_steps):
    warmup_steps = int(0.1 * total_steps)
    warmup = optim.lr_scheduler.LinearLR(optimizer, start_factor=1e-8, end_factor=1.0, total_iters=warmup_steps)
    cosine = optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps - warmup_steps)
    return optim.lr_scheduler.SequentialLR(
        optimizer, schedulers=[warmup, cosine], milestones=[warmup_steps])


def run(model, train_loader, params):
    optimizer = optim.AdamW(model.parameters(), params["lr"])
    total_steps = params["epochs"] * len(train_loader)
    scheduler = make_scheduler(optimizer, total_steps)  # expect: LR019
    accumulation_steps = params["accumulation_steps"]
    for epoch in range(params["epochs"]):
        optimizer.zero_grad()
        for batch_idx, batch in enumerate(train_loader):
            loss = model(**batch).loss / accumulation_steps
            loss.backward()
            if (batch_idx + 1) % accumulation_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
                scheduler.step()
        if (batch_idx + 1) % accumulation_steps != 0:
            optimizer.step()
            optimizer.zero_grad()
            scheduler.step()

# Wrong: a warm-up cosine (a LambdaLR) is stepped after every update and a ReduceLROnPlateau on the same
# optimizer is stepped at each validation: the LambdaLR sets lr = initial_lr * factor at its next step, so every
# cut the plateau makes is undone at once.
import torch
from transformers import get_cosine_schedule_with_warmup

optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
warmup = get_cosine_schedule_with_warmup(optimizer, 100, 10000)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=3, factor=0.1)
step = 0
for epoch in range(10):
    for batch in train_loader:
        if step % 500 == 0 and step > 0:
            plateau.step(evaluate(model, dev_loader))
        optimizer.zero_grad()
        model(**batch).loss.backward()
        optimizer.step()
        warmup.step()  # expect: LR021
        step += 1

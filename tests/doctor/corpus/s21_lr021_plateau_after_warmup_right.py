# Right: the warm-up LambdaLR is stepped only while the warm-up lasts; after it, the plateau alone changes the
# LR (at each validation), so nothing overwrites its cuts.
import torch

optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 500))
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=3, factor=0.1)
step = 0
for epoch in range(10):
    for batch in train_loader:
        if step % 500 == 0 and step > 0:
            plateau.step(evaluate(model, dev_loader))
        optimizer.zero_grad()
        model(**batch).loss.backward()
        optimizer.step()
        if step < 500:
            warmup.step()
        step += 1

# Right: a OneCycle planned for 40 epochs in a loop that stops early at 25 by default: it is never stepped past its
# end (it just does not finish its anneal; not this rule).
import torch

EPOCHS = 25
model = build_model()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, epochs=40, steps_per_epoch=len(train_loader))
for epoch in range(EPOCHS):
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
        scheduler.step()

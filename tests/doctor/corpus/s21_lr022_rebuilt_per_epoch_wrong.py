# Wrong: the StepLR is rebuilt at the top of every epoch and stepped once at its end: each new one starts at
# step 0, so its decay (every 10 epochs) never happens.
import torch

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(100):
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)  # expect: LR022
    for x, y in loader:
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()
    scheduler.step()

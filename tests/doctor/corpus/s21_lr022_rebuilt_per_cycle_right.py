# Right: snapshot cycles written as two epoch loops. Each pass of the outer loop builds its optimizer and
# cosine schedule and runs its own inner epoch loop, stepping the scheduler once per inner epoch.
import torch

for cycle_epoch in range(5):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=20)
    for epoch in range(20):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        sched.step()

# The option keeps its own name (`schedule_name`) and the scheduler another, so the tests still compare strings:
# the OneCycle is stepped per batch and the step decay per epoch.
from torch.optim.lr_scheduler import OneCycleLR, StepLR


def train(model, loader, optimizer, schedule_name, epochs, loss_fn):
    if schedule_name == "onecycle":
        scheduler = OneCycleLR(optimizer, max_lr=0.05, epochs=epochs, steps_per_epoch=len(loader))
    else:
        scheduler = StepLR(optimizer, step_size=10, gamma=0.5)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
            if schedule_name == "onecycle":
                scheduler.step()
        if schedule_name != "onecycle":
            scheduler.step()

# The option name is rebound to the scheduler, but the later tests ask the object itself (isinstance), which
# is right: the OneCycle is stepped per batch, the plateau scheduler once per epoch on the validation loss.
from torch.optim.lr_scheduler import OneCycleLR, ReduceLROnPlateau


def fit(net, loader, opt, sched, epochs, loss_fn, evaluate):
    if sched == "onecycle":
        sched = OneCycleLR(opt, max_lr=0.01, epochs=epochs, steps_per_epoch=len(loader))
    else:
        sched = ReduceLROnPlateau(opt, mode="min", patience=3)
    for epoch in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(net(x), y).backward()
            opt.step()
            if isinstance(sched, OneCycleLR):
                sched.step()
        if isinstance(sched, ReduceLROnPlateau):
            sched.step(evaluate(net))

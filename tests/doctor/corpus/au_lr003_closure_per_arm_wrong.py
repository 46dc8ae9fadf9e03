# Wrong: the stepping function made in the plateau arm never passes the validation metric (LR003), and the one
# made in the cosine arm passes a loss where torch reads an epoch (LR041).
import torch


def make_stepper(optimizer, kind, epochs):
    if kind == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)

        def after_epoch(val_loss):
            sched.step(val_loss)  # expect: LR041

        return after_epoch
    if kind == "plateau":
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5)

        def after_epoch(val_loss):
            sched.step()  # expect: LR003

        return after_epoch
    raise ValueError(f"unknown scheduler kind {kind!r}")

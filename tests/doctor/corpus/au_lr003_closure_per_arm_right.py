# Right: a factory hands back a small stepping function per scheduler kind; each arm returns, so the function
# made in the cosine arm steps the cosine schedule (no metric needed) and the one made in the plateau arm feeds
# the plateau scheduler its metric.
import torch


def make_stepper(optimizer, kind, epochs, batches):
    if kind == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs * batches)

        def after_update():
            sched.step()

        return after_update
    if kind == "plateau":
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5)

        def after_validation(val_loss):
            sched.step(val_loss)

        return after_validation
    raise ValueError(f"unknown scheduler kind {kind!r}")

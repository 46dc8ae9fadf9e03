# Right: the same factory written with lambdas; a default scheduler bound before the arms is replaced in the arm
# that builds a plateau scheduler, so the lambda made there gives it the metric.
import torch


def stepper(optimizer, kind, total):
    sched = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1.0, end_factor=0.0, total_iters=total)
    if kind == "plateau":
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, patience=3)
        return lambda metric: sched.step(metric)
    return lambda metric: sched.step()

# Right (not a training run): a demo that steps a warmup wrapper past its planned length only to print the LR
# it would give; nothing is trained, so the doctor says nothing about the horizon.
import torch
from warmup_scheduler import GradualWarmupScheduler

if __name__ == "__main__":
    params = [torch.nn.Parameter(torch.randn(2, 2))]
    optim = torch.optim.SGD(params, 0.0001)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optim, T_max=15, eta_min=1e-6)
    warmup = GradualWarmupScheduler(optim, multiplier=1, total_epoch=5, after_scheduler=cosine)
    optim.zero_grad()
    optim.step()
    for epoch in range(1, 25):
        warmup.step(epoch)
        print(epoch, optim.param_groups[0]["lr"])
        optim.step()

# Right: the same with keywords and T_mult=1 written out: a cycle of one epoch, rebuilt each epoch, changes nothing.
import torch

opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
for epoch in range(num_epochs):
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=len(train_loader), T_mult=1,
                                                                     eta_min=1e-5)
    for xb, yb in train_loader:
        opt.zero_grad()
        criterion(net(xb), yb).backward()
        opt.step()
        scheduler.step()

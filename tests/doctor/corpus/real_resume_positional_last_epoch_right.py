# Right: an HRNet-style resume restores the optimizer and builds the scheduler after it with last_epoch given
# positionally (the fourth argument), so the milestones continue from the checkpoint's epoch.
import torch


def main(cfg, model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=cfg.LR, momentum=0.9)
    last_epoch = -1
    begin_epoch = 0
    if cfg.AUTO_RESUME:
        checkpoint = torch.load("checkpoint.pth")
        begin_epoch = checkpoint["epoch"]
        last_epoch = checkpoint["epoch"]
        model.load_state_dict(checkpoint["state_dict"])
        optimizer.load_state_dict(checkpoint["optimizer"])
    lr_scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, cfg.LR_STEP, cfg.LR_FACTOR, last_epoch - 1)
    for epoch in range(begin_epoch, cfg.END_EPOCH):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        lr_scheduler.step()
        torch.save({"epoch": epoch + 1, "state_dict": model.state_dict(), "optimizer": optimizer.state_dict()},
                   "checkpoint.pth")

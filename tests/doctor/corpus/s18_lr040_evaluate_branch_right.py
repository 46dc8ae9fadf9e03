# Right: `--evaluate` loads the best weights, validates and returns; training starts at args.start_epoch with a
# fresh StepLR (no resume: the start and the evaluate flag only share `args`). Also a config resume that
# restores the scheduler with the rest.
import torch


def main(args, model, train_loader, val_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer, args.lr_step)
    if args.evaluate:
        model.load_state_dict(torch.load(args.best)["state_dict"])
        print(sum(torch.nn.functional.cross_entropy(model(x), y).item() for x, y in val_loader))
        return
    for epoch in range(args.start_epoch, args.epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        lr_scheduler.step()


def resume_all(cfg, model, train_loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.step_size, gamma=0.9)
    if cfg.resume:
        ckpt = torch.load(cfg.resume)
        model.load_state_dict(ckpt["model"])
        scheduler.load_state_dict(ckpt["scheduler"])
    for epoch in range(cfg.start_epoch, cfg.max_epoch):
        for x, y in train_loader:
            optimizer.zero_grad()
            model(x, y).backward()
            optimizer.step()
        scheduler.step()

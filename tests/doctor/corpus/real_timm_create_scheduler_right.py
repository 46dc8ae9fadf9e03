# timm training shape: create_scheduler(args, optimizer); step_update(num_updates=...) after every update inside
# train_one_epoch and step(epoch + 1, metric) after every epoch. timm schedulers set the value for the absolute
# epoch or update passed in (timm/scheduler/scheduler.py), and only one of the two acts (t_in_epochs): not double.
import torch
from timm.scheduler import create_scheduler


def train_one_epoch(epoch, model, loader, optimizer, loss_fn, lr_scheduler=None):
    num_updates = epoch * len(loader)
    model.train()
    for batch_idx, (input, target) in enumerate(loader):
        loss = loss_fn(model(input), target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        num_updates += 1
        if lr_scheduler is not None:
            lr_scheduler.step_update(num_updates=num_updates, metric=loss.item())


def main(args, model, loader_train, loader_eval, loss_fn, validate):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    lr_scheduler, num_epochs = create_scheduler(args, optimizer)
    for epoch in range(args.start_epoch, num_epochs):
        train_one_epoch(epoch, model, loader_train, optimizer, loss_fn, lr_scheduler=lr_scheduler)
        eval_metrics = validate(model, loader_eval)
        if lr_scheduler is not None:
            lr_scheduler.step(epoch + 1, eval_metrics["top1"])

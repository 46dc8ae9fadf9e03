# A polynomial decay defined inside the arm that selects it, returning a factor of the base LR: right.
import torch


def configure(args, model, steps_per_epoch):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    if args.poly:
        max_iter = args.epochs * steps_per_epoch

        def poly(it):
            return (1 - it / max_iter) ** 0.9
        scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=poly)
    else:
        scheduler = torch.optim.lr_scheduler.ConstantLR(optimizer, factor=1.0)
    return optimizer, scheduler

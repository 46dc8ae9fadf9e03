# Right: OneCycleLR is built in the main block and handed with the optimizer to the imported training function,
# which steps it.
import torch

from engine import train_fn, valid_fn

if __name__ == "__main__":
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    lr_sch = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-4, epochs=10,
                                                 steps_per_epoch=len(train_loader))
    for epoch in range(10):
        train_fn(epoch=epoch, model=model, optimizer=opt, scheduler=lr_sch, dataloader=train_loader)
        valid_fn(model, valid_loader)

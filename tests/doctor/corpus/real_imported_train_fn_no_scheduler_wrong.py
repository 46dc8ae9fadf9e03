# Wrong: OneCycleLR is built in the main block, but the epoch loop only calls an imported training function
# that gets the optimizer, not the scheduler: it is never stepped, and the run trains at max_lr / 25.
import torch

from engine import train_fn, valid_fn

if __name__ == "__main__":
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    lr_sch = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-4, epochs=10,  # expect: LR022
                                                 steps_per_epoch=len(train_loader))
    for epoch in range(10):
        train_fn(epoch=epoch, model=model, optimizer=opt, dataloader=train_loader)
        valid_fn(model, valid_loader)

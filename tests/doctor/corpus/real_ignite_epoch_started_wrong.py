# PyTorch Ignite: the scheduler is stepped in an EPOCH_STARTED handler, before the engine's optimizer steps of that
# epoch (the pre-1.1 order); EPOCH_COMPLETED is the place.
import torch
from ignite.engine import Events, create_supervised_trainer
from torch.optim.lr_scheduler import MultiStepLR


def do_train(model, train_loader, loss_fn, epochs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = MultiStepLR(optimizer, milestones=[40, 70], gamma=0.1)
    trainer = create_supervised_trainer(model, optimizer, loss_fn)

    @trainer.on(Events.EPOCH_STARTED)
    def adjust_learning_rate(engine):
        scheduler.step()  # expect: LR010

    trainer.run(train_loader, max_epochs=epochs)


def do_train_handler(model, train_loader, loss_fn, optimizer, scheduler, epochs):
    trainer = create_supervised_trainer(model, optimizer, loss_fn)

    def step_lr(engine):
        scheduler.step()  # expect: LR010

    trainer.add_event_handler(Events.EPOCH_STARTED, step_lr)
    trainer.run(train_loader, max_epochs=epochs)

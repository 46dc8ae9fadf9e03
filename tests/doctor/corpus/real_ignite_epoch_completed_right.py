# PyTorch Ignite: the scheduler is stepped when the epoch is complete, after the engine's optimizer steps.
import torch
from ignite.engine import Events, create_supervised_trainer
from torch.optim.lr_scheduler import MultiStepLR


def do_train(model, train_loader, loss_fn, epochs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = MultiStepLR(optimizer, milestones=[40, 70], gamma=0.1)
    trainer = create_supervised_trainer(model, optimizer, loss_fn)

    @trainer.on(Events.EPOCH_COMPLETED)
    def adjust_learning_rate(engine):
        scheduler.step()

    @trainer.on(Events.EPOCH_STARTED)
    def log_lr(engine):
        print(scheduler.get_last_lr())

    trainer.run(train_loader, max_epochs=epochs)

# Wrong: a speech-separation recipe with accumulation: the scheduler's steps_per_epoch divides the batch count of
# the loader by the (large) batch size, so its per-epoch decay runs real_batch_size times too early (LR063).
import pytorch_lightning as pl
from torch.utils.data import DataLoader

train_loader = DataLoader(train_set, shuffle=True, batch_size=conf["main_args"]["real_batch_size"], drop_last=True)
model = SeparationModel(**conf["masknet"])
optimizer = make_optimizer(model.parameters(), **conf["optim"])
steps_per_epoch = len(train_loader) // conf["training"]["batch_size"]
scheduler = {
    "scheduler": TransformerWarmupScheduler(optimizer=optimizer, steps_per_epoch=steps_per_epoch, d_model=64),  # expect: LR063
    "interval": "step",
}
system = System(model=model, optimizer=optimizer, train_loader=train_loader, scheduler=scheduler)
accumulate = conf["training"]["batch_size"] // conf["main_args"]["real_batch_size"]
trainer = pl.Trainer(max_epochs=conf["training"]["epochs"], accumulate_grad_batches=accumulate)
trainer.fit(system)

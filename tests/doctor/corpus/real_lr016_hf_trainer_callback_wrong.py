# The HF Trainer steps the scheduler it is given in optimizers=(...) after every update; a callback steps it again.
import torch
from transformers import Trainer, TrainerCallback, TrainingArguments, get_linear_schedule_with_warmup


class StepSchedulerCallback(TrainerCallback):
    def __init__(self, scheduler):
        self.scheduler = scheduler

    def on_step_end(self, args, state, control, **kwargs):
        self.scheduler.step()  # expect: LR016


def main(model, train_dataset, total_steps):
    args = TrainingArguments(output_dir="out", per_device_train_batch_size=16, num_train_epochs=3)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=total_steps)
    trainer = Trainer(model=model, args=args, train_dataset=train_dataset, optimizers=(optimizer, scheduler),
                      callbacks=[StepSchedulerCallback(scheduler)])
    trainer.train()

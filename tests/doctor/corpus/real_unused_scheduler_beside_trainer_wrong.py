# Wrong: a cosine is built on the optimizer and never used, while another scheduler on the same optimizer goes
# to the HF Trainer with it: the cosine is dead code the author believes is running.
import torch
from transformers import Trainer, TrainingArguments, get_linear_schedule_with_warmup


def main(model, train_ds, epochs=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-5)
    scheduler_cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, epochs)  # expect: LR022
    steps = len(train_ds) // 8 * epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=steps // 10, num_training_steps=steps)
    args = TrainingArguments(output_dir="out", num_train_epochs=epochs, per_device_train_batch_size=8)
    Trainer(model=model, args=args, train_dataset=train_ds, optimizers=(optimizer, scheduler)).train()

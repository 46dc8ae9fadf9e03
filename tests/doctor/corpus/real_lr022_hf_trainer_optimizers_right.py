# The HF Trainer receives (optimizer, scheduler) and steps the scheduler itself, once per optimizer update; the
# length is counted in updates: samples / (batch size * accumulation), times epochs.
import math

import torch
from transformers import Trainer, TrainingArguments, get_linear_schedule_with_warmup


def main(model, train_dataset, eval_dataset):
    args = TrainingArguments(output_dir="out", per_device_train_batch_size=16, gradient_accumulation_steps=2,
                             num_train_epochs=3, eval_strategy="epoch")
    updates_per_epoch = math.ceil(len(train_dataset) / (args.per_device_train_batch_size * args.gradient_accumulation_steps))
    total_steps = updates_per_epoch * int(args.num_train_epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=int(0.1 * total_steps),
                                                num_training_steps=total_steps)
    trainer = Trainer(model=model, args=args, train_dataset=train_dataset, eval_dataset=eval_dataset,
                      optimizers=(optimizer, scheduler))
    trainer.train()

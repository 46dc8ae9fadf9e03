# The HF Trainer steps the scheduler once per optimizer update, but its length counts training samples.
import torch
from transformers import Trainer, TrainingArguments, get_cosine_schedule_with_warmup


def main(model, train_dataset, eval_dataset, epochs=3):
    args = TrainingArguments(output_dir="out", per_device_train_batch_size=32, num_train_epochs=epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    num_training_steps = len(train_dataset) * epochs
    scheduler = get_cosine_schedule_with_warmup(  # expect: LR018
        optimizer, num_warmup_steps=500, num_training_steps=num_training_steps)
    trainer = Trainer(model=model, args=args, train_dataset=train_dataset, eval_dataset=eval_dataset,
                      optimizers=(optimizer, scheduler))
    trainer.train()

# The run length is divided by 2, but the update gate opens every 8 batches (--gradient_accumulation_steps):
# the schedule is four times longer than the updates the run makes, and the LR ends far above its floor.
import argparse

import torch
from torch.utils.data import DataLoader, TensorDataset
from transformers import get_linear_schedule_with_warmup

parser = argparse.ArgumentParser()
parser.add_argument("--num_train_epochs", type=int, default=3)
parser.add_argument("--gradient_accumulation_steps", type=int, default=8)
args = parser.parse_args()

train_dataloader = DataLoader(TensorDataset(torch.randn(4000, 64), torch.randint(0, 2, (4000,))), batch_size=8)
model = torch.nn.Linear(64, 2)
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
t_total = len(train_dataloader) * args.num_train_epochs // 2
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=t_total)  # expect: LR019
for epoch in range(args.num_train_epochs):
    for step, (x, y) in enumerate(train_dataloader):
        loss = torch.nn.functional.cross_entropy(model(x), y) / args.gradient_accumulation_steps
        loss.backward()
        if (step + 1) % args.gradient_accumulation_steps == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()

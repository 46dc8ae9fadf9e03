# Wrong: the warmup is the per-epoch run length times the number of epochs (the whole run), and the run length
# given is one epoch: the warmup is a multiple of the run, the arguments look swapped (LR017).
import torch
from transformers import get_cosine_schedule_with_warmup


def setup(args, model, loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    num_training_steps = len(loader)
    warmup_steps = num_training_steps * args.num_epochs
    scheduler = get_cosine_schedule_with_warmup(optimizer, warmup_steps, num_training_steps)  # expect: LR017
    return scheduler

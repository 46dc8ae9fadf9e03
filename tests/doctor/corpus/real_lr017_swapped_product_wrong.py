# The whole run (epochs x batches) is passed as the warmup and the warmup as the run length, with keywords; the
# scheduler steps once per accumulated update, so the run length should also be divided by the accumulation.
import torch
from transformers import get_linear_schedule_with_warmup


def main(args, model, dataloader_train):
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=args.num_epochs * len(dataloader_train),  # expect: LR017, LR019
                                                num_training_steps=args.warmup)
    idx = 0
    for epoch in range(args.num_epochs):
        for inputs in dataloader_train:
            idx += 1
            model(inputs).backward()
            if idx % args.accum_step == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()

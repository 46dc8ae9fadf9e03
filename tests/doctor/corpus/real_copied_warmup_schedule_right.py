# A copied WarmupLinearSchedule stepped after the optimizer, once per accumulated update.
import torch
from utils.scheduler import WarmupLinearSchedule


def train(args, model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.learning_rate, momentum=0.9)
    t_total = len(train_loader) // args.gradient_accumulation_steps * args.epochs
    scheduler = WarmupLinearSchedule(optimizer, warmup_steps=args.warmup_steps, t_total=t_total)
    for epoch in range(args.epochs):
        for step, batch in enumerate(train_loader):
            model(*batch).backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()

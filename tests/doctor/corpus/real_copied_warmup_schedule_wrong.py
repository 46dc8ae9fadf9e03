# pytorch_transformers' WarmupCosineSchedule copied into the project's utils (imported from there), chosen in
# if/else arms, and stepped before the optimizer inside the accumulation gate of a `while True` loop.
import torch
from utils.scheduler import WarmupCosineSchedule, WarmupLinearSchedule


def train(args, model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.learning_rate, momentum=0.9)
    if args.decay_type == "cosine":
        scheduler = WarmupCosineSchedule(optimizer, warmup_steps=args.warmup_steps, t_total=args.num_steps)
    else:
        scheduler = WarmupLinearSchedule(optimizer, warmup_steps=args.warmup_steps, t_total=args.num_steps)
    global_step = 0
    while True:
        for step, batch in enumerate(train_loader):
            loss = model(*batch)
            loss.backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
                scheduler.step()  # expect: LR010
                optimizer.step()
                optimizer.zero_grad()
                global_step += 1
        if global_step % args.num_steps == 0:
            break

# Right: a loop bound counting updates (the counter advances under the gate, as transformers' no_trainer scripts
# do); a loop of micro-batches whose bound is the updates times the accumulation; a loop without accumulation.
import torch
from transformers import get_linear_schedule_with_warmup


def no_trainer_style(model, train_dataloader, args):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=args.warmup_steps,
                                                num_training_steps=args.max_train_steps)
    completed_steps = 0
    while completed_steps < args.max_train_steps:
        for step, batch in enumerate(train_dataloader):
            loss = model(**batch).loss / args.gradient_accumulation_steps
            loss.backward()
            if (step + 1) % args.gradient_accumulation_steps == 0:
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                completed_steps += 1
            if completed_steps >= args.max_train_steps:
                break


def micro_batches(model, batches, args):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=args.warmup_steps,
                                                num_training_steps=args.max_steps)
    it = iter(batches)
    for step in range(args.max_steps * args.grad_accum):
        loss = model(**next(it)).loss / args.grad_accum
        loss.backward()
        if (step + 1) % args.grad_accum == 0:
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()


def every_step(model, get_batch, total=10000):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=500, num_training_steps=total)
    step = 0
    while step < total:
        step += 1
        model(**get_batch()).loss.backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()

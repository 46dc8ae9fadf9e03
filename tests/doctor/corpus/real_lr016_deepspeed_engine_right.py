# DeepSpeed as documented: a per-step schedule handed to deepspeed.initialize (engine.step() steps it), and an
# epoch-wise one kept out of the engine and stepped by hand once per epoch.
import deepspeed
import torch
from torch.optim.lr_scheduler import StepLR
from transformers import get_cosine_schedule_with_warmup


def train(args, model, train_loader):
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    total_steps = args.epochs * len(train_loader)
    scheduler = get_cosine_schedule_with_warmup(optimizer, int(0.03 * total_steps), total_steps)
    engine, optimizer, _, scheduler = deepspeed.initialize(
        args=args, model=model, optimizer=optimizer, lr_scheduler=scheduler)
    for epoch in range(args.epochs):
        for batch in train_loader:
            loss = engine(**batch).loss
            engine.backward(loss)
            engine.step()


def train_epochwise(args, model, train_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    engine, optimizer, _, _ = deepspeed.initialize(args=args, model=model, optimizer=optimizer)
    for epoch in range(90):
        for batch in train_loader:
            loss = engine(**batch).loss
            engine.backward(loss)
            engine.step()
        scheduler.step()

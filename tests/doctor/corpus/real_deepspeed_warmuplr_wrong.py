# DeepSpeed's own WarmupLR handed to deepspeed.initialize(lr_scheduler=...): engine.step() steps it, and the loop
# steps it again by hand.
import deepspeed
from deepspeed.runtime.lr_schedules import WarmupLR


def train(args, model, loader, optimizer):
    lr_scheduler = WarmupLR(optimizer, warmup_num_steps=1000)
    model_engine, optimizer, _, lr_scheduler = deepspeed.initialize(args=args, model=model, optimizer=optimizer,
                                                                    lr_scheduler=lr_scheduler)
    for epoch in range(args.epochs):
        for batch in loader:
            loss = model_engine(batch)
            model_engine.backward(loss)
            model_engine.step()
            lr_scheduler.step()  # expect: LR016

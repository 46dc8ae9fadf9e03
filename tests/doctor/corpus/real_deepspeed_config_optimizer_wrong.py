# Wrong: the scheduler is built on an optimizer of the script, but deepspeed.initialize is given no optimizer,
# so DeepSpeed builds its own from the JSON config and steps that one: the schedule changes an unused LR.
import argparse

import deepspeed
from lion_pytorch import Lion
from transformers import get_cosine_schedule_with_warmup

NUM_BATCHES = 100_000
optim = Lion(model.parameters(), lr=1e-4)
scheduler = get_cosine_schedule_with_warmup(optim, num_warmup_steps=1000, num_training_steps=NUM_BATCHES)


def main():
    parser = argparse.ArgumentParser()
    parser = deepspeed.add_config_arguments(parser)
    args = parser.parse_args()
    model_engine, optimizer, _, _ = deepspeed.initialize(args=args, model=model,
                                                         model_parameters=model.parameters())
    train_iter = iter(train_loader)
    for i in range(NUM_BATCHES):
        loss = model_engine(next(train_iter))
        model_engine.backward(loss)
        model_engine.step()
        scheduler.step()  # expect: LR020

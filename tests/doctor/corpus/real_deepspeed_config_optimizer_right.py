# Right: the scheduler is built on an optimizer of the script and both are handed to deepspeed.initialize,
# so the engine steps that optimizer and its scheduler once per update.
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
                                                         model_parameters=model.parameters(),
                                                         optimizer=optim, lr_scheduler=scheduler)
    train_iter = iter(train_loader)
    for i in range(NUM_BATCHES):
        loss = model_engine(next(train_iter))
        model_engine.backward(loss)
        model_engine.step()


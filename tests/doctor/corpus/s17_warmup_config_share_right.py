# Right: a hydra-style config whose warmup setting (named like a count, but a share of the run in this project)
# is multiplied by the run length: the warmup is that share of the run, not a multiple of it.
import math

import hydra
from torch.optim import AdamW
from transformers import get_scheduler


@hydra.main(config_path="conf", config_name="config")
def main(cfg):
    model = build_model(cfg)
    loader = build_loader(cfg)
    optimizer = AdamW(model.parameters(), lr=cfg.trainer.learning_rate)
    updates_per_epoch = math.ceil(len(loader) / cfg.trainer.grad_accum)
    max_train_steps = cfg.trainer.epochs * updates_per_epoch
    num_warmup_steps = cfg.trainer.num_warmup_steps * max_train_steps
    lr_scheduler = get_scheduler(cfg.trainer.scheduler, optimizer=optimizer, num_warmup_steps=num_warmup_steps,
                                 num_training_steps=max_train_steps)
    for epoch in range(cfg.trainer.epochs):
        for i, batch in enumerate(loader):
            (model(batch) / cfg.trainer.grad_accum).backward()
            if (i + 1) % cfg.trainer.grad_accum == 0:
                optimizer.step()
                lr_scheduler.step()
                optimizer.zero_grad()

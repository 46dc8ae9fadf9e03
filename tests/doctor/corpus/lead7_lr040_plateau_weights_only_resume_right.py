# Right: a weights-only restart of an iteration loop (the model is loaded, the optimizer and the plateau are fresh):
# the plateau has no length to replay and starts from the optimizer's LR, as the optimizer does.
import os

import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def load_model(model, save_dir):
    trained_iters = 0
    path = os.path.join(save_dir, "last.th")
    if os.path.exists(path):
        state = torch.load(path)
        model.load_state_dict(state["model"])
        trained_iters = state["iters"]
    return trained_iters


def train(model, batches, val_loss_fn, config):
    trained_iters = load_model(model, config.save_dir)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=5)
    for iter_id in range(trained_iters + 1, config.iters + 1):
        optimizer.zero_grad()
        model(next(batches)).mean().backward()
        optimizer.step()
        if iter_id % config.eval_every == 0:
            scheduler.step(val_loss_fn(model))

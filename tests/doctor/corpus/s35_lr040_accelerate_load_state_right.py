# Right: the scheduler goes through accelerator.prepare, so accelerator.save_state / load_state keep its position
# with the model's and the optimizer's: the resumed run continues the warm-up and decay where it stopped.
import os

import torch
from accelerate import Accelerator
from transformers import get_scheduler


def train(model, loader, out_dir, epochs=10, resume_from=None):
    accelerator = Accelerator()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    lr_scheduler = get_scheduler("cosine", optimizer=optimizer, num_warmup_steps=500,
                                 num_training_steps=epochs * len(loader))
    model, optimizer, loader, lr_scheduler = accelerator.prepare(model, optimizer, loader, lr_scheduler)
    first_epoch = 0
    if resume_from is not None:
        accelerator.load_state(resume_from)
        first_epoch = int(os.path.basename(resume_from).split("_")[-1]) + 1
    for epoch in range(first_epoch, epochs):
        for batch in loader:
            loss = model(**batch).loss
            accelerator.backward(loss)
            optimizer.step()
            lr_scheduler.step()
            optimizer.zero_grad()
        accelerator.save_state(os.path.join(out_dir, f"epoch_{epoch}"))

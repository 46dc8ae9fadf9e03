# Right: the run continues from the epoch written to progress.txt and restores the optimizer and the scheduler
# saved beside the model, so the schedule continues where it stopped.
import os

import torch
from transformers import AutoModelForSeq2SeqLM, get_linear_schedule_with_warmup


def read_progress(path):
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        return int(f.read().strip())


def train(out_dir, loader, epochs=10, lr=3e-4):
    model = AutoModelForSeq2SeqLM.from_pretrained(out_dir if os.path.isdir(out_dir) else "t5-small")
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, 0, epochs * len(loader))
    done = read_progress(os.path.join(out_dir, "progress.txt"))
    if done > 0:
        state = torch.load(os.path.join(out_dir, "train_state.pt"))
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
    for epoch in range(done, epochs):
        for batch in loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        model.save_pretrained(out_dir)
        torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()},
                   os.path.join(out_dir, "train_state.pt"))
        with open(os.path.join(out_dir, "progress.txt"), "w") as f:
            f.write(str(epoch + 1))

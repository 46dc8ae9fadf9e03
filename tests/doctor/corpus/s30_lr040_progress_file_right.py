# Right: the run continues from the epoch written to progress.txt and plans its linear decay over the epochs that
# are left, so a resumed run decays over what remains (the fresh optimizer starts its moments anew, but the LR
# does not restart a full plan).
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
    done = read_progress(os.path.join(out_dir, "progress.txt"))
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr * (1 - done / epochs))
    scheduler = get_linear_schedule_with_warmup(optimizer, 0, (epochs - done) * len(loader))
    for epoch in range(done, epochs):
        for batch in loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        model.save_pretrained(out_dir)
        with open(os.path.join(out_dir, "progress.txt"), "w") as f:
            f.write(str(epoch + 1))

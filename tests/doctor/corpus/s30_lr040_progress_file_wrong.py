# Wrong: an interrupted run continues from the epoch written to progress.txt, with the model reloaded from the
# output folder, but the optimizer and the linear schedule over every epoch are built fresh from step 0: the
# resumed run restarts at the peak LR and plans the whole decay again.
import os

import torch
from transformers import AutoModelForSeq2SeqLM, get_linear_schedule_with_warmup


def read_progress(path):
    if not os.path.exists(path):
        return 0
    with open(path) as f:
        return int(f.read().strip())


def write_progress(path, epoch):
    with open(path, "w") as f:
        f.write(str(epoch + 1))


def train(out_dir, loader, epochs=10, lr=3e-4):
    model = AutoModelForSeq2SeqLM.from_pretrained(out_dir if os.path.isdir(out_dir) else "t5-small")
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, 0, epochs * len(loader))  # expect: LR040
    done = read_progress(os.path.join(out_dir, "progress.txt"))
    for epoch in range(done, epochs):
        for batch in loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
        model.save_pretrained(out_dir)
        write_progress(os.path.join(out_dir, "progress.txt"), epoch + 1)

# Wrong: the run length is one epoch of batches (examples // batch size) but the loop runs three epochs:
# the linear decay reaches 0 at the end of the first epoch and the last two train at LR 0.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

BATCH_SIZE = 32


def main(model, corpus):
    loader = DataLoader(corpus, batch_size=BATCH_SIZE, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    total_steps = len(corpus) // BATCH_SIZE
    scheduler = get_linear_schedule_with_warmup(  # expect: LR013
        optimizer, num_warmup_steps=int(0.1 * total_steps), num_training_steps=total_steps)
    for epoch in range(3):
        for batch in loader:
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()

# Wrong: the script takes transformers' factory from a project module by a star import (`from utils import *`
# re-exports it), and sizes the schedule in epochs while stepping it every batch: the decay ends after a few
# batches. The call has the factory's well-known name and signature.
import torch
from utils import *  # noqa: F403


def main(model, train_loader, epochs=10):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=1, num_training_steps=epochs)  # noqa: F405
    for epoch in range(epochs):
        for batch in train_loader:
            model(**batch).loss.backward()
            optimizer.step()
            scheduler.step()  # expect: LR001
            optimizer.zero_grad()

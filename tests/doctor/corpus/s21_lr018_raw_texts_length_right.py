# Right: the raw texts are counted, then divided by the batch size the loader uses and multiplied by the epochs:
# the length is a count of batches, as the per-batch step needs.
import math

import torch
from torch.utils.data import DataLoader, TensorDataset
from transformers import get_linear_schedule_with_warmup


def train(model, tokenizer, texts, labels, num_epochs=3, batch_size=32):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    steps = math.ceil(len(texts) / batch_size) * num_epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=steps)
    enc = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
    ds = TensorDataset(enc["input_ids"], enc["attention_mask"], torch.tensor(labels))
    loader = DataLoader(ds, batch_size=batch_size, shuffle=True)
    for epoch in range(num_epochs):
        for input_ids, mask, y in loader:
            optimizer.zero_grad()
            model(input_ids, attention_mask=mask, labels=y).loss.backward()
            optimizer.step()
            scheduler.step()

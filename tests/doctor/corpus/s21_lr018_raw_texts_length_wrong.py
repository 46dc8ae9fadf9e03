# Wrong: the schedule's length is the number of raw texts, which are tokenized into the TensorDataset the loader
# batches by 32: the scheduler is stepped once per batch, so the run takes about 1/32 of the planned steps and
# the linear decay barely starts.
import torch
from torch.utils.data import DataLoader, TensorDataset
from transformers import get_linear_schedule_with_warmup


def train(model, tokenizer, texts, labels, num_epochs=3):
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, 0, len(texts))  # expect: LR018
    enc = tokenizer(texts, padding=True, truncation=True, return_tensors="pt")
    enc = {k: v.to("cuda") for k, v in enc.items()}
    ds = TensorDataset(enc["input_ids"], enc["attention_mask"], torch.tensor(labels))
    loader = DataLoader(ds, batch_size=32, shuffle=True)
    for epoch in range(num_epochs):
        for input_ids, mask, y in loader:
            optimizer.zero_grad()
            model(input_ids, attention_mask=mask, labels=y).loss.backward()
            optimizer.step()
            scheduler.step()

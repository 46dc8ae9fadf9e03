# Wrong: an HF no_trainer-style loop whose run length is right (batches times epochs) but whose warmup is
# 6% of the training examples: stepped every batch, the warmup runs batch_size times too long.
import torch
from torch.utils.data import DataLoader
from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup


def train(train_dataset, epochs=4, batch_size=32):
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)
    loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    num_warmup = int(0.06 * len(train_dataset))
    scheduler = get_linear_schedule_with_warmup(  # expect: LR018
        optimizer, num_warmup_steps=num_warmup, num_training_steps=len(loader) * epochs)
    for epoch in range(epochs):
        for batch in loader:
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()

# HF-style fine-tune: the linear schedule is sized in examples (len(train_ds) * EPOCHS) and stepped every batch
# of 16 in a tqdm loop; a batch-size-1 loader exists too, but only for the per-example evaluation afterwards, so
# the training schedule still covers 1/16 of its decay.
import torch
from torch.utils.data import DataLoader
from tqdm import tqdm
from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

EPOCHS = 4


def main(train_ds, test_ds):
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100,  # expect: LR018
                                                num_training_steps=len(train_ds) * EPOCHS)
    train_loader = DataLoader(train_ds, batch_size=16, shuffle=True)
    for epoch in range(EPOCHS):
        model.train()
        bar = tqdm(train_loader, desc=f"epoch {epoch}")
        for batch in bar:
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
    per_example = DataLoader(test_ds, batch_size=1)
    model.eval()
    with torch.no_grad():
        preds = [model(**b).logits.argmax(-1).item() for b in per_example]
    return preds

# A BERT-style fine-tuning script: the linear schedule counts examples (len(train_dataset) * epochs, a
# TensorDataset read in batches of 16), and the loop never calls scheduler.step(). Both are wrong: adding the
# missing step() alone would leave a schedule 16 times too long, which ends near its peak LR.
import torch
from torch.utils.data import DataLoader, RandomSampler, TensorDataset
from transformers import AutoModelForSequenceClassification, get_linear_schedule_with_warmup

ids = torch.randint(0, 30000, (3200, 64))
mask = torch.ones_like(ids)
labels = torch.randint(0, 3, (3200,))
train_dataset = TensorDataset(ids, mask, labels)
train_dataloader = DataLoader(train_dataset, sampler=RandomSampler(train_dataset), batch_size=16)

model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=3)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5, eps=1e-8)
epochs = 3
total_steps = len(train_dataset) * epochs
scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=total_steps)  # expect: LR018, LR022

for epoch_i in range(epochs):
    model.train()
    for step, batch in enumerate(train_dataloader):
        input_ids, input_mask, label_ids = batch
        out = model(input_ids, attention_mask=input_mask, labels=label_ids)
        out.loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()

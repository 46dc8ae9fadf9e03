# Right: a Trainer class fine-tunes pretrained BERT with AdamW and a linear decay from step 0 (num_warmup_steps=0),
# as the HF course does: LR007 is about training a Transformer from scratch, not a fine-tune.
import torch
from transformers import BertForSequenceClassification, get_linear_schedule_with_warmup


class Trainer:
    def __init__(self, train_loader, epochs=4):
        self.model = BertForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=3)
        self.train_loader = train_loader
        self.epochs = epochs
        self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=2e-5, eps=1e-8)
        total_steps = len(train_loader) * epochs
        self.scheduler = get_linear_schedule_with_warmup(self.optimizer, num_warmup_steps=0,
                                                         num_training_steps=total_steps)

    def train(self):
        for epoch in range(self.epochs):
            for batch in self.train_loader:
                self.model.zero_grad()
                self.model(**batch).loss.backward()
                torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
                self.optimizer.step()
                self.scheduler.step()

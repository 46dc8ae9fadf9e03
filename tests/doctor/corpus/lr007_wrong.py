# Transformers trained with AdamW and a decaying schedule without warmup.
import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR
from transformers import AutoConfig, AutoModelForSequenceClassification, get_scheduler


class TinyGPT(nn.Module):
    def __init__(self, vocab=100, d=64):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        layer = nn.TransformerEncoderLayer(d, nhead=4, batch_first=True)
        self.blocks = nn.TransformerEncoder(layer, num_layers=2)
        self.head = nn.Linear(d, vocab)

    def forward(self, x):
        return self.head(self.blocks(self.emb(x)))


def pretrain(loader, total_steps):
    model = TinyGPT()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
    sched = CosineAnnealingLR(opt, T_max=total_steps)  # expect: LR007
    for step, batch in enumerate(loader):
        model(batch).sum().backward()
        opt.step()
        sched.step()


def pretrain(train_dataloader, num_training_steps):
    model = AutoModelForSequenceClassification.from_config(AutoConfig.for_model("bert", num_labels=2))
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=0,  # expect: LR007
                                 num_training_steps=num_training_steps)
    for batch in train_dataloader:
        model(**batch).loss.backward()
        optimizer.step()
        lr_scheduler.step()

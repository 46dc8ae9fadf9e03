# Right: warmup present, or not a Transformer, or not AdamW.
import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR
from transformers import AutoModelForSequenceClassification, get_scheduler


class TinyGPT(nn.Module):
    def __init__(self, vocab=100, d=64):
        super().__init__()
        self.blocks = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, nhead=4), num_layers=2)


def pretrain(loader, total_steps, warmup_steps):
    model = TinyGPT()
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4)
    sched = SequentialLR(opt, [LinearLR(opt, 0.01, total_iters=warmup_steps),
                               CosineAnnealingLR(opt, T_max=total_steps - warmup_steps)], [warmup_steps])
    for batch in loader:
        opt.step()
        sched.step()


def finetune(train_dataloader, num_training_steps):
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5)
    lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=int(0.06 * num_training_steps),
                                 num_training_steps=num_training_steps)
    for batch in train_dataloader:
        optimizer.step()
        lr_scheduler.step()


def cnn(loader, total_steps):
    model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    sched = CosineAnnealingLR(opt, T_max=total_steps)
    for batch in loader:
        opt.step()
        sched.step()

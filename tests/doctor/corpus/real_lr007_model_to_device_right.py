# Right: a class of the file wraps nn.Transformer (trained from scratch, moved with .to(device)); AdamW with a
# linear warmup of 2 epochs before the cosine decay.
import torch
import torch.nn as nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR


class Seq2Seq(nn.Module):
    def __init__(self, d_model=512):
        super().__init__()
        self.transformer = nn.Transformer(d_model=d_model, nhead=8, batch_first=True)
        self.out = nn.Linear(d_model, 1)

    def forward(self, src, tgt):
        return self.out(self.transformer(src, tgt))


def main(loader, device="cuda", epochs=40):
    model = Seq2Seq().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    scheduler = SequentialLR(optimizer, [LinearLR(optimizer, start_factor=0.1, total_iters=2),
                                         CosineAnnealingLR(optimizer, T_max=epochs - 2)], milestones=[2])
    for epoch in range(epochs):
        for src, tgt in loader:
            optimizer.zero_grad()
            nn.functional.mse_loss(model(src, tgt), tgt[..., :1]).backward()
            optimizer.step()
        scheduler.step()

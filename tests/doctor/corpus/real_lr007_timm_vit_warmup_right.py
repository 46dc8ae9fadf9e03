# A timm ViT fine-tuned with AdamW: linear warmup for 3 epochs, then a cosine over the remaining epochs.
import timm
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

EPOCHS = 30
WARMUP = 3


def main(train_loader):
    model = timm.create_model("vit_small_patch16_224", pretrained=True, num_classes=10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.05)
    scheduler = SequentialLR(optimizer, [LinearLR(optimizer, start_factor=0.01, total_iters=WARMUP),
                                         CosineAnnealingLR(optimizer, T_max=EPOCHS - WARMUP)], milestones=[WARMUP])
    for epoch in range(EPOCHS):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()

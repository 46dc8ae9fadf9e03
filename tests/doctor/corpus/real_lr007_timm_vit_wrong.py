# A timm ViT trained from scratch with AdamW and a cosine decay that starts at the peak LR: no warmup.
import timm
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

EPOCHS = 30


def main(train_loader):
    model = timm.create_model("vit_small_patch16_224", pretrained=False, num_classes=10)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.05)
    scheduler = CosineAnnealingLR(optimizer, T_max=EPOCHS)  # expect: LR007
    for epoch in range(EPOCHS):
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        scheduler.step()

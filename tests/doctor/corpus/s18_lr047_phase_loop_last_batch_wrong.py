# A train/val phase loop per epoch; the plateau is stepped after it with `loss.item()`, the loss of the last
# (shuffled) validation batch, while the running sums that hold the epoch's loss are only printed.
import torch
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau
from tqdm import tqdm

model = nn.Linear(128, 10)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
scheduler = ReduceLROnPlateau(optimizer, patience=4, min_lr=1e-5)
criterion = nn.CrossEntropyLoss()

for epoch in range(40):
    for phase, loader in [("train", train_loader), ("val", val_loader)]:
        model.train(phase == "train")
        running_loss = 0.0
        with torch.set_grad_enabled(phase == "train"):
            for x, y in tqdm(loader, desc=phase):
                optimizer.zero_grad()
                loss = criterion(model(x), y)
                if phase == "train":
                    loss.backward()
                    optimizer.step()
                running_loss += loss.item() * len(x)
        print(phase, running_loss / len(loader.dataset))
    scheduler.step(loss.item())  # expect: LR047

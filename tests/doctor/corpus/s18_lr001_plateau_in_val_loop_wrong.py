# Super-resolution style: the plateau is stepped inside the validation batch loop with the running mean of the
# validation loss, once per validation batch, so patience=3 counts batches and the LR is cut within an epoch.
import torch
from tqdm import tqdm

model = torch.nn.Conv2d(3, 3, 3, padding=1)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, "min", patience=3, factor=0.5)
criterion = torch.nn.L1Loss()
for epoch in range(200):
    model.train()
    for lr_img, hr_img in tqdm(train_loader):
        optimizer.zero_grad()
        criterion(model(lr_img), hr_img).backward()
        optimizer.step()
    valid_loss = 0.0
    with torch.no_grad():
        for i, (lr_img, hr_img) in enumerate(val_loader):
            loss = criterion(model(lr_img), hr_img)
            valid_loss = valid_loss + (loss.item() - valid_loss) / (i + 1)
            scheduler.step(valid_loss)  # expect: LR001

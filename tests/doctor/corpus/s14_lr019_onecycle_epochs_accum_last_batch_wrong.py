# Module-level script: accumulation over ACCUM_STEPS batches (also flushing the epoch's last batch), with a
# OneCycle counted in batches per epoch. One update per ACCUM_STEPS batches: 1/ACCUM_STEPS of the cycle is run.
import torch
from torch import nn

EPOCHS = 20
ACCUM_STEPS = 4

model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
data = torch.utils.data.TensorDataset(torch.randn(2048, 64), torch.randn(2048, 1))
loader = torch.utils.data.DataLoader(data, batch_size=8, shuffle=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=EPOCHS,  # expect: LR019
                                                steps_per_epoch=len(loader))
for epoch in range(EPOCHS):
    for i, (x, y) in enumerate(loader):
        loss = nn.functional.mse_loss(model(x), y) / ACCUM_STEPS
        loss.backward()
        if (i + 1) % ACCUM_STEPS == 0 or (i + 1) == len(loader):
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()

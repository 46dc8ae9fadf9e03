# Batches are slices of two tensors taken at a list of start offsets, not a DataLoader: the inner loop still runs
# once per batch, so the plateau scheduler is fed every batch's training loss and then the epoch's validation loss.
import torch

feats, labels = torch.randn(512, 8), torch.randn(512, 1)
width = 32
offsets = []
for k in range(0, feats.shape[0], width):
    offsets.append(k)

net = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
adam = torch.optim.Adam(net.parameters(), lr=2e-3)
shrink = torch.optim.lr_scheduler.ReduceLROnPlateau(adam, factor=0.3, patience=20)
hold_x, hold_y = torch.randn(64, 8), torch.randn(64, 1)
for epoch in range(40):
    for off in offsets:
        adam.zero_grad()
        part = torch.nn.functional.mse_loss(net(feats[off:off + width]), labels[off:off + width])
        part.backward()
        adam.step()
        shrink.step(part.item())
    with torch.no_grad():
        held = torch.nn.functional.mse_loss(net(hold_x), hold_y).item()
    shrink.step(held)  # expect: LR016

# Batches sliced at a list of start offsets; the plateau scheduler is stepped once per epoch on the validation loss
# only, which is how it is meant to be used.
import torch

xs, ys = torch.randn(300, 5), torch.randn(300, 1)
chunk = 30
begin_at = list(range(0, 300, chunk))
net = torch.nn.Linear(5, 1)
rms = torch.optim.RMSprop(net.parameters(), lr=1e-3)
cut = torch.optim.lr_scheduler.ReduceLROnPlateau(rms, patience=3)
vx, vy = torch.randn(40, 5), torch.randn(40, 1)
for epoch in range(60):
    for b in begin_at:
        rms.zero_grad()
        torch.nn.functional.mse_loss(net(xs[b:b + chunk]), ys[b:b + chunk]).backward()
        rms.step()
    with torch.no_grad():
        cut.step(torch.nn.functional.mse_loss(net(vx), vy).item())

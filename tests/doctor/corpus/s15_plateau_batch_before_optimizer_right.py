# A plateau scheduler fed each batch's loss before the optimizer steps: the order matters for a schedule that counts
# its calls (LR010), not for ReduceLROnPlateau, which only reacts to the metric it is given.
import torch

net = torch.nn.Linear(6, 1)
sgd = torch.optim.SGD(net.parameters(), lr=0.05)
on_plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(sgd, factor=0.5, patience=50)
data = [(torch.randn(16, 6), torch.randn(16, 1)) for _ in range(20)]
for epoch in range(30):
    for inputs, targets in data:
        sgd.zero_grad()
        err = torch.nn.functional.mse_loss(net(inputs), targets)
        err.backward()
        on_plateau.step(err.item())
        sgd.step()

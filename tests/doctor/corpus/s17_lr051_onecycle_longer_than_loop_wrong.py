# Wrong (LR051, not LR013): a OneCycle planned for 40 epochs in a loop that stops at 25: it is never stepped past its
# end, so torch does not raise, but it does not finish its anneal (the LR is still at about half its peak at the end).
import torch

EPOCHS = 25
net = build_model()
adam = torch.optim.Adam(net.parameters(), lr=1e-3)
cycle = torch.optim.lr_scheduler.OneCycleLR(adam, max_lr=1e-2, epochs=40, steps_per_epoch=len(train_loader))  # expect: LR051
for ep in range(EPOCHS):
    for signals, labels in train_loader:
        adam.zero_grad()
        out = net(signals)
        criterion(out, labels).backward()
        adam.step()
        cycle.step()

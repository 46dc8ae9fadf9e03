# Right: total_steps counts every batch of every epoch the loop runs.
import torch

EPOCHS = 8
net = TabularNet(n_features=64)
adamw = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-5)
sched = torch.optim.lr_scheduler.OneCycleLR(adamw, max_lr=1e-2, total_steps=EPOCHS * len(train_dl))
for epoch in range(EPOCHS):
    net.train()
    for xb, yb in train_dl:
        adamw.zero_grad()
        torch.nn.functional.binary_cross_entropy_with_logits(net(xb), yb).backward()
        adamw.step()
        sched.step()

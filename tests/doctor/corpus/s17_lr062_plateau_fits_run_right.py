# Right: a short text-classification run (8 epochs) whose plateau waits 2 epochs: it can cut the LR in time.
import torch

n_epochs = 8
net = TextCNN()
optim = torch.optim.Adam(net.parameters(), lr=3e-4)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(optim, mode="max", factor=0.3, patience=2)
for ep in range(n_epochs):
    net.train()
    for tokens, label in train_dl:
        optim.zero_grad()
        torch.nn.functional.cross_entropy(net(tokens), label).backward()
        optim.step()
    f1 = macro_f1(net, dev_dl)
    plateau.step(f1)

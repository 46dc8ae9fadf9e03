# Semi-supervised: the cosine is sized with the unlabelled loader, and the loop over the labelled loader draws
# an unlabelled batch with next() at every step, restarting it when it runs out: the loop reads both.
import torch
from torch.utils.data import DataLoader, TensorDataset

labeled = DataLoader(TensorDataset(torch.randn(4000, 16), torch.randint(0, 3, (4000,))), batch_size=32,
                     shuffle=True)
unlabeled = DataLoader(TensorDataset(torch.randn(40000, 16)), batch_size=32, shuffle=True)
net = torch.nn.Linear(16, 3)
opt = torch.optim.SGD(net.parameters(), lr=0.03, momentum=0.9)
epochs = 10
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=len(unlabeled) * epochs)
unlabeled_iter = iter(unlabeled)
for epoch in range(epochs):
    for x, y in labeled:
        try:
            (u,) = next(unlabeled_iter)
        except StopIteration:
            unlabeled_iter = iter(unlabeled)
            (u,) = next(unlabeled_iter)
        probs = net(u).softmax(-1).detach()
        loss = torch.nn.functional.cross_entropy(net(x), y) + torch.nn.functional.cross_entropy(net(u), probs)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()

# The scheduler is stepped at the end of every epoch, inside the epoch loop; the code after the loop only evaluates
# and saves.
import torch

net = torch.nn.Linear(3, 2)
opt = torch.optim.SGD(net.parameters(), lr=0.1)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.95)
train = [(torch.randn(6, 3), torch.randint(0, 2, (6,))) for _ in range(8)]
for epoch in range(30):
    for x, y in train:
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), y).backward()
        opt.step()
    sched.step()
with torch.no_grad():
    acc = (net(torch.randn(20, 3)).argmax(1) == torch.randint(0, 2, (20,))).float().mean()
print("final lr", sched.get_last_lr(), "acc", acc.item())
torch.save(net.state_dict(), "net.pt")

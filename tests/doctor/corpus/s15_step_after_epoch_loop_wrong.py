# scheduler.step() sits one indentation level too far left: below the epoch loop, it runs once when training has
# ended, so every epoch trains at the first LR of the decay.
import torch
from torch.utils.data import DataLoader, TensorDataset

rows = DataLoader(TensorDataset(torch.randn(400, 9), torch.randint(0, 4, (400,))), batch_size=20, shuffle=True)
head = torch.nn.Linear(9, 4)
sgd = torch.optim.SGD(head.parameters(), lr=0.05, momentum=0.9)
decay = torch.optim.lr_scheduler.StepLR(sgd, step_size=15, gamma=0.2)
for epoch in range(45):
    for xb, yb in rows:
        sgd.zero_grad()
        torch.nn.functional.cross_entropy(head(xb), yb).backward()
        sgd.step()
    print(epoch, decay.get_last_lr())
decay.step()  # expect: LR048
torch.save(head.state_dict(), "head.pt")

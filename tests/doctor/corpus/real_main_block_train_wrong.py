# train() is defined inside `if __name__ == "__main__":` and called from the epoch loop there; it steps the
# scheduler first thing, before its batch loop's optimizer steps.
import torch
from torch.optim.lr_scheduler import StepLR

if __name__ == "__main__":
    model = torch.nn.Linear(10, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
    loader = torch.utils.data.DataLoader(torch.randn(64, 10), batch_size=8)

    def train(epoch):
        scheduler.step()  # expect: LR010
        for x in loader:
            optimizer.zero_grad()
            model(x).sum().backward()
            optimizer.step()

    for epoch in range(90):
        train(epoch)

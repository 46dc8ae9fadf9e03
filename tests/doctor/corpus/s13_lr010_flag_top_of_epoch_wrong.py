# A flag decides whether the schedule is used; when it is, the step sits at the top of the epoch loop,
# before the batch loop's optimizer steps. The flag is the same on every epoch, so the first step
# already comes before the first update.
import torch
from torch.optim.lr_scheduler import MultiStepLR
from tqdm import tqdm

USE_SCHEDULE = True


def train(model, train_loader, epochs=90):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = MultiStepLR(opt, milestones=[30, 60], gamma=0.1)
    for epoch in range(epochs):
        if USE_SCHEDULE:
            sched.step()  # expect: LR010
        for x, y in tqdm(train_loader):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()

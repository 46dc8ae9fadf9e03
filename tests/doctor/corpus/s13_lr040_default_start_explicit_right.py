# A resume from a parameter default that reloads the networks when it starts late; the scheduler is
# positioned from the loop itself (`scheduler.step(epoch)`, the older torch form), so it resumes with it.
import torch
from torch.optim.lr_scheduler import MultiStepLR


def train(model, loader, start_epoch=1, epochs=120):
    if start_epoch > 1:
        model.load_state_dict(torch.load("weights/last.pth"))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    scheduler = MultiStepLR(optimizer, milestones=[60, 90], gamma=0.1)
    for epoch in range(start_epoch, epochs + 1):
        for images, labels in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(images), labels).backward()
            optimizer.step()
        scheduler.step(epoch)
        torch.save(model.state_dict(), "weights/last.pth")

# A CIFAR script whose epoch constant was cut from 200 to 60 for a quick run, while the cosine still spans
# the 200 epochs of the recipe: at the end of the run the LR is still ~80% of its peak.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR

EPOCHS = 60
COSINE_EPOCHS = 200


def main(model, train_loader, test_loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4)
    scheduler = CosineAnnealingLR(optimizer, T_max=COSINE_EPOCHS)  # expect: LR051
    for epoch in range(EPOCHS):
        model.train()
        for inputs, targets in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(inputs), targets).backward()
            optimizer.step()
        scheduler.step()
        evaluate(model, test_loader)


if __name__ == "__main__":
    main(build_model(), *build_loaders())

# main() defines its epoch as a nested function over main()'s names and calls it from the epoch loop. The OneCycle
# schedule is sized for every batch of the run but stepped once per call, that is once per epoch (LR002).
import torch
from torch.optim.lr_scheduler import OneCycleLR


def main(epochs=30):
    model = torch.nn.Linear(5, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    batches = [(torch.randn(8, 5), torch.randn(8, 1)) for _ in range(50)]
    scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(batches))

    def one_epoch():
        for x, y in batches:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        scheduler.step()  # expect: LR002

    for _ in range(epochs):
        one_epoch()


if __name__ == "__main__":
    main()

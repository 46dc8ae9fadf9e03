# Right: under the __main__ guard a per-epoch StepLR is handed to run_epoch(), which steps it once after its
# batch loop.
import torch


def run_epoch(model, batches, optimizer, lr_sched):
    model.train()
    total = 0.0
    for inputs, targets in batches:
        optimizer.zero_grad()
        loss = torch.nn.functional.nll_loss(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item()
    lr_sched.step()
    return total


if __name__ == "__main__":
    model = Classifier()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    lr_sched = torch.optim.lr_scheduler.StepLR(optimizer, step_size=7, gamma=0.1)
    for epoch in range(20):
        print(epoch, run_epoch(model, train_loader, optimizer, lr_sched))

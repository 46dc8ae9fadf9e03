# Schedule-free with the switches in the helpers: optimizer.train() next to model.train(), optimizer.eval() next
# to model.eval() (before evaluating and saving).
import schedulefree
import torch


def train_one_epoch(model, loader, optimizer):
    model.train()
    optimizer.train()
    for x, y in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


@torch.no_grad()
def evaluate(model, loader, optimizer):
    model.eval()
    optimizer.eval()
    return sum((model(x).argmax(1) == y).sum().item() for x, y in loader)


def main(model, train_loader, val_loader, epochs=30):
    optimizer = schedulefree.SGDScheduleFree(model.parameters(), lr=1.0, momentum=0.9, warmup_steps=1000)
    for epoch in range(epochs):
        train_one_epoch(model, train_loader, optimizer)
        print(epoch, evaluate(model, val_loader, optimizer))
    torch.save(model.state_dict(), "last.pt")

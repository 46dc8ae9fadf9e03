# Schedule-free AdamW used like a plain optimizer: optimizer.train() / optimizer.eval() are never called, so
# evaluation and the saved checkpoint use the training iterate instead of the averaged weights.
import schedulefree
import torch


def main(model, train_loader, val_loader, evaluate, epochs=20):
    optimizer = schedulefree.AdamWScheduleFree(model.parameters(), lr=2.5e-3, warmup_steps=500)  # expect: LR024
    for epoch in range(epochs):
        model.train()
        for x, y in train_loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            optimizer.step()
        model.eval()
        evaluate(model, val_loader)
    torch.save(model.state_dict(), "model.pt")

# Wrong: --resume writes the checkpoint's epoch onto the argparse namespace and the loop starts there, but the
# MultiStepLR is built at step 0 and never saved or restored: its milestones shift by the resumed epochs.
import argparse

import torch

p = argparse.ArgumentParser()
p.add_argument("--resume", default="")
p.add_argument("--start_epoch", type=int, default=0)
p.add_argument("--epochs", type=int, default=90)
args = p.parse_args()
model = build_model()
if args.resume:
    checkpoint = torch.load(args.resume)
    args.start_epoch = checkpoint["epoch"]
    model.load_state_dict(checkpoint["state_dict"])
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[30, 60, 80])  # expect: LR040
for epoch in range(args.start_epoch, args.epochs):
    for x, y in train_loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()
    scheduler.step()
    torch.save({"epoch": epoch + 1, "state_dict": model.state_dict()}, "checkpoint.pth")

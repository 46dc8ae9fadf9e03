# Wrong: settings kept in a dict filled key by key; the linear schedule is sized for 10 epochs of batches while
# the loop runs args["max_eps"] = 15 epochs, so the LR sits at 0 for the last five.
import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

args = {}
args["lr"] = 2e-5
args["batch_size"] = 16
args["max_eps"] = 15

train_loader = DataLoader(train_set, batch_size=args["batch_size"], shuffle=True)
opti = torch.optim.AdamW(net.parameters(), lr=args["lr"])
total_steps = len(train_loader) * 10
scheduler = get_linear_schedule_with_warmup(opti, num_warmup_steps=0, num_training_steps=total_steps)  # expect: LR013

for ep in range(args["max_eps"]):
    for it, (seq, masks, labels) in enumerate(train_loader):
        opti.zero_grad()
        loss = criterion(net(seq, masks), labels)
        loss.backward()
        opti.step()
        scheduler.step()

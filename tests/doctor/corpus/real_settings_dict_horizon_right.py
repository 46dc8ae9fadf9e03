# Right: settings kept in a dict filled key by key; the schedule covers the loop's args["max_eps"] epochs,
# and a cosine sized in those epochs is stepped once per epoch.
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

args = {}
args["lr"] = 2e-5
args["max_eps"] = 15

train_loader = DataLoader(train_set, batch_size=16, shuffle=True)
opti = torch.optim.AdamW(net.parameters(), lr=args["lr"])
total_steps = len(train_loader) * args["max_eps"]
scheduler = get_linear_schedule_with_warmup(opti, num_warmup_steps=0, num_training_steps=total_steps)
head_opt = torch.optim.SGD(head.parameters(), lr=0.1)
head_sched = CosineAnnealingLR(head_opt, T_max=args["max_eps"])

for ep in range(args["max_eps"]):
    for it, (seq, masks, labels) in enumerate(train_loader):
        opti.zero_grad()
        head_opt.zero_grad()
        loss = criterion(head(net(seq, masks)), labels)
        loss.backward()
        opti.step()
        head_opt.step()
        scheduler.step()
    head_sched.step()

# Right: the warmup is the run times a factor read from a JSON config (a share such as 0.05): nothing shows it is
# one or more, so the warmup is not a multiple of the run.
import json

import torch
from transformers import get_linear_schedule_with_warmup

with open("train_config.json") as f:
    conf = json.load(f)

model = torch.nn.Linear(32, 4)
optimizer = torch.optim.AdamW(model.parameters(), lr=conf["lr"])
train_loader = torch.utils.data.DataLoader(dataset, batch_size=conf["batch_size"], shuffle=True)
total = len(train_loader) * conf["epochs"]
warmup = total * conf["warmup"]
scheduler = get_linear_schedule_with_warmup(optimizer, warmup, total)
for epoch in range(conf["epochs"]):
    for xb, yb in train_loader:
        torch.nn.functional.cross_entropy(model(xb), yb).backward()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()

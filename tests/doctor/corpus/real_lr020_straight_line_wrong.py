# A tutorial without a loop: the schedule is built on the first AdamW, then `optimizer` is rebound to a new AdamW
# over grouped parameters, which is the one stepped; scheduler.step() changes the first one's LR.
import torch
from transformers import get_linear_schedule_with_warmup

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-5)
loss = model(torch.randn(8, 4)).sum()
loss.backward()
optimizer.step()
scheduler = get_linear_schedule_with_warmup(optimizer, 10, 100)
no_decay = ["bias"]
groups = [{"params": [p for n, p in model.named_parameters() if n not in no_decay], "weight_decay": 0.01}]
optimizer = torch.optim.AdamW(groups, lr=1e-5)
loss = model(torch.randn(8, 4)).sum()
loss.backward()
optimizer.step()
scheduler.step()  # expect: LR020

# Right in its units: the project's own get_linear_schedule_with_warmup (same name as transformers', a LambdaLR
# of the file) is given a warmup and a length in epochs and stepped once per epoch: the parameter names say
# steps, the values it is given are epochs (no LR001/LR002). Wrong in its first factor: the warm-up is 0 at
# step 0, so the first epoch trains with LR 0 (LR044; it was a right case before that rule, set 13).
import torch
from torch.optim.lr_scheduler import LambdaLR


def get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps):
    def lr_lambda(current_step):
        if current_step < num_warmup_steps:
            return current_step / max(1, num_warmup_steps)
        return max(0.0, (num_training_steps - current_step) / max(1, num_training_steps - num_warmup_steps))
    return LambdaLR(optimizer, lr_lambda)  # expect: LR044


def fit(model, loader, num_epochs=50):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    warmup_scheduler = get_linear_schedule_with_warmup(optimizer, int(0.1 * num_epochs), num_epochs)
    for epoch in range(num_epochs):
        for x, y in loader:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        warmup_scheduler.step()

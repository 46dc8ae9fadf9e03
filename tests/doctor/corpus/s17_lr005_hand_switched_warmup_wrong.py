# Wrong: a full-batch MLP trainer switches by hand from a LambdaLR warm-up to a cosine after 10% of the epochs, but
# the cosine's T_max is all the epochs: it gets only the other 90% and ends well above eta_min (LR005).
import torch


class MLP(torch.nn.Module):
    def fit(self, x, y, epochs, lr):
        optimizer = torch.optim.SGD(self.parameters(), lr=lr)
        warmup_epochs = 0.1 * epochs
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs, eta_min=0)  # expect: LR005
        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda e: min(1.0, (e + 1) / warmup_epochs))
        for epoch in range(epochs):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(self(x), y).backward()
            optimizer.step()
            if epoch < warmup_epochs:
                warmup.step()
            else:
                scheduler.step()

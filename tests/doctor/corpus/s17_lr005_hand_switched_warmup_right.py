# Right: the same hand-switched warm-up and cosine, with the cosine given the epochs after the warm-up.
import torch


class MLP(torch.nn.Module):
    def fit(self, x, y, epochs, lr):
        optimizer = torch.optim.SGD(self.parameters(), lr=lr)
        warmup_epochs = int(0.1 * epochs)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs - warmup_epochs, eta_min=0)
        warmup = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda e: min(1.0, (e + 1) / warmup_epochs))
        for epoch in range(epochs):
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(self(x), y).backward()
            optimizer.step()
            if epoch < warmup_epochs:
                warmup.step()
            else:
                scheduler.step()

# A polynomial decay sized with a literal just above the run's epochs (total_iters=90 for 60 epochs), stepped per
# batch inside a helper: an epoch horizon consumed one batch at a time.
import torch


def run_epochs(model, loader, n_epochs):
    opt = torch.optim.AdamW(model.parameters(), lr=5e-4)
    poly = torch.optim.lr_scheduler.PolynomialLR(opt, total_iters=90, power=0.9)
    for ep in range(n_epochs):
        for batch, goal in loader:
            opt.zero_grad()
            torch.nn.functional.l1_loss(model(batch), goal).backward()
            opt.step()
            poly.step()  # expect: LR001


if __name__ == "__main__":
    from torch.utils.data import DataLoader, TensorDataset
    run_epochs(torch.nn.Linear(2, 2), DataLoader(TensorDataset(torch.randn(256, 2), torch.randn(256, 2)), batch_size=16), 60)

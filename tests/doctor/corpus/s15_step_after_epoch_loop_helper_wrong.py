# The batches run in a helper called from the epoch loop; the cosine is stepped after that loop, inside main():
# one step once the run is over, none during it.
import torch


def one_epoch(net, batches, opt):
    for a, b in batches:
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(a), b).backward()
        opt.step()


def main(n_epochs=60):
    net = torch.nn.Linear(5, 5)
    batches = [(torch.randn(10, 5), torch.randn(10, 5)) for _ in range(12)]
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(adam, T_max=n_epochs)
    for epoch in range(n_epochs):
        one_epoch(net, batches, adam)
        torch.save(net.state_dict(), f"ckpt_{epoch}.pt")
    cos.step()  # expect: LR048


if __name__ == "__main__":
    main()

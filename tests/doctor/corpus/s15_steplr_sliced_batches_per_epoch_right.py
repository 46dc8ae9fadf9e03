# A StepLR stepped once per epoch after a batch loop that slices the data at start offsets: the slicing loop is
# the batch loop, and the scheduler sits outside it, in epochs as its step_size means.
import torch


def fit(net, data, target, epochs=30, size=64):
    sgd = torch.optim.SGD(net.parameters(), lr=0.05)
    decay = torch.optim.lr_scheduler.StepLR(sgd, step_size=10, gamma=0.5)
    starts = [j for j in range(0, len(data), size)]
    for epoch in range(epochs):
        for j in starts:
            sgd.zero_grad()
            torch.nn.functional.mse_loss(net(data[j:j + size]), target[j:j + size]).backward()
            sgd.step()
        decay.step()


fit(torch.nn.Linear(3, 1), torch.randn(640, 3), torch.randn(640, 1))

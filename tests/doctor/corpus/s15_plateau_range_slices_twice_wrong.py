# The batch loop walks `range(0, n, bs)` with a literal n and slices the data: one pass per batch. Stepping the
# plateau scheduler there and again after validation makes it count two kinds of metric.
import torch


def train(model, xs, ys, xv, yv, n_epochs=25, bs=50):
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", patience=5)
    for ep in range(n_epochs):
        for i in range(0, 1000, bs):
            opt.zero_grad()
            loss = torch.nn.functional.smooth_l1_loss(model(xs[i:i + bs]), ys[i:i + bs])
            loss.backward()
            opt.step()
            sched.step(loss)
        with torch.no_grad():
            sched.step(torch.nn.functional.smooth_l1_loss(model(xv), yv))  # expect: LR016


train(torch.nn.Linear(2, 1), torch.randn(1000, 2), torch.randn(1000, 1), torch.randn(100, 2), torch.randn(100, 1))

# The optimizer's name is bound in three arms; only the scheduled arm builds it with lr=top and its decay function
# returns top * (bottom / top) ** t, a learning rate: LambdaLR multiplies lr=top by it (LR039).
import torch
from torch.optim.lr_scheduler import LambdaLR


class Net(torch.nn.Module):
    def __init__(self, mode, lr, epochs=30):
        super().__init__()
        self.fc = torch.nn.Linear(6, 2)
        self.sched = None
        if mode == "plain":
            self.opt = torch.optim.Adam(self.parameters(), lr=lr)
        elif mode == "decay":
            self.opt = torch.optim.Adam(self.parameters(), lr=lr, weight_decay=1e-5)
        else:
            bottom = lr
            top = bottom * 10
            self.opt = torch.optim.Adam(self.parameters(), lr=top)
            self.sched = LambdaLR(  # expect: LR039
                self.opt, lr_lambda=lambda e: top * (bottom / top) ** (e / (epochs - 1)))

    def epoch(self, batches):
        for x, y in batches:
            self.opt.zero_grad()
            torch.nn.functional.cross_entropy(self.fc(x), y).backward()
            self.opt.step()
        if self.sched is not None:
            self.sched.step()

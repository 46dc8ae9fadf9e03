# main() resumes weights, optimizer and epoch from a checkpoint; the epoch runs in a nested function that steps the
# cosine, which is built again from step 0 and never restored (LR040).
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR


def main(resume_path=None, epochs=80):
    model = torch.nn.Linear(5, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)  # expect: LR040
    begin = 0
    if resume_path:
        ckpt = torch.load(resume_path)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optim"])
        begin = ckpt["epoch"] + 1
    batches = [(torch.randn(8, 5), torch.randn(8, 1)) for _ in range(50)]

    def one_epoch():
        for x, y in batches:
            optimizer.zero_grad()
            torch.nn.functional.mse_loss(model(x), y).backward()
            optimizer.step()
        scheduler.step()

    for epoch in range(begin, epochs):
        one_epoch()
        torch.save({"model": model.state_dict(), "optim": optimizer.state_dict(), "epoch": epoch}, "last.pt")

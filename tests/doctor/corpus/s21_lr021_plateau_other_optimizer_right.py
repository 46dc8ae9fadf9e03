# Right: the warm-up cosine drives the encoder's optimizer and the plateau the head's: two optimizers, so the
# plateau's cuts stand.
import torch
from transformers import get_cosine_schedule_with_warmup

enc_opt = torch.optim.AdamW(model.encoder.parameters(), lr=3e-5)
head_opt = torch.optim.SGD(model.head.parameters(), lr=0.01)
warmup = get_cosine_schedule_with_warmup(enc_opt, 100, 10000)
plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(head_opt, patience=3, factor=0.1)
step = 0
for epoch in range(10):
    for batch in train_loader:
        if step % 500 == 0 and step > 0:
            plateau.step(evaluate(model, dev_loader))
        enc_opt.zero_grad()
        head_opt.zero_grad()
        model(**batch).loss.backward()
        enc_opt.step()
        head_opt.step()
        warmup.step()
        step += 1

# Right: a plateau scheduler stepped once per epoch with the validation loss; one stepped every batch with a
# patience counted in batches on purpose (2000); and one stepped inside the batch loop only at the evaluation
# points, with the evaluation loss.
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, epochs=50):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=0.5, patience=5)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            val_loss = sum(torch.nn.functional.mse_loss(model(x), y).item() for x, y in val_loader)
        scheduler.step(val_loss)


def long_patience(model, train_loader, epochs=5):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    scheduler = ReduceLROnPlateau(optimizer, patience=2000, cooldown=500)
    for epoch in range(epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
            scheduler.step(loss.item())


def eval_points(model, train_loader, evaluate, epochs=3, eval_every=500):
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-5)
    scheduler = ReduceLROnPlateau(optimizer, patience=2)
    step = 0
    for epoch in range(epochs):
        for batch in train_loader:
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            step += 1
            if step % eval_every == 0:
                eval_loss = evaluate(model)
                scheduler.step(eval_loss)

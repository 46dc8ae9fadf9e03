# Wrong: a Kaggle-style loop whose OneCycleLR was planned for 3 epochs of batches (total_steps) while the loop runs
# EPOCHS = 8: torch raises once the 3 epochs are spent (LR013).
import torch

EPOCHS = 8
model = TabularNet(n_features=64)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-5)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, total_steps=len(train_dl) * 3)  # expect: LR013
for epoch in range(EPOCHS):
    model.train()
    for features, target in train_dl:
        pred = model(features)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(pred, target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()

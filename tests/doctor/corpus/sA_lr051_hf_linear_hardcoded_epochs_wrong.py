# A GPT-2 regression fine-tune: the run is set to one epoch at the top, but the linear schedule's length
# keeps the 3 epochs of the notebook it came from. The loader has batch size 1, so the dataset's length is
# the number of batches: the run stops a third of the way down, at two thirds of the peak LR.
from torch.optim import AdamW
from torch.utils.data import DataLoader
from tqdm import tqdm
from transformers import get_scheduler

batch_size = 1
num_epochs = 1

train_dataset = RegressionDataset(train_texts, train_scores, tokenizer)
train_loader = DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
model = RegressionHead.from_pretrained("gpt2")
optimizer = AdamW(model.parameters(), lr=5e-5)
lr_scheduler = get_scheduler("linear", optimizer=optimizer, num_warmup_steps=5,  # expect: LR051
                             num_training_steps=len(train_dataset) * 3)

for epoch in range(num_epochs):
    model.train()
    for batch in tqdm(train_loader, desc=f"epoch {epoch + 1}"):
        loss = model(**batch)["loss"]
        loss.backward()
        optimizer.step()
        lr_scheduler.step()
        optimizer.zero_grad()

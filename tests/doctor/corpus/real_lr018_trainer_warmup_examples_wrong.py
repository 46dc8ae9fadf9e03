# Wrong: the warmup is a tenth of a "total" that counts training examples (len(dataset) * epochs), handed to
# TrainingArguments(warmup_steps=...). The Trainer counts optimizer updates, so the warmup lasts batch_size
# (times the accumulation) longer than meant: here longer than the whole run.
from datasets import load_dataset
from transformers import AutoModelForCausalLM, Trainer, TrainingArguments

train_dataset = load_dataset("json", data_files="train.jsonl")["train"]
model = AutoModelForCausalLM.from_pretrained("gpt2")

num_epochs = 3
total = len(train_dataset) * num_epochs
warmup = total // 10

args = TrainingArguments(
    output_dir="out",
    num_train_epochs=num_epochs,
    per_device_train_batch_size=8,
    gradient_accumulation_steps=4,
    warmup_steps=warmup,  # expect: LR018
    lr_scheduler_type="cosine",
)
Trainer(model=model, args=args, train_dataset=train_dataset).train()

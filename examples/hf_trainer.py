"""Hugging Face Trainer with an lrkit schedule: "5%" warmup resolved from the Trainer's own max_steps.

Run: python examples/hf_trainer.py   (CPU, a 1-layer GPT-2 built from a config, no download, ~5 s)
"""

import tempfile

import torch
import transformers

from lrkit.transformers import LRKitTrainer, MonitorCallback

SPEC = "warmup(5%) >> cosine(min_lr=1e-5)"


class TokenData(torch.utils.data.Dataset):
    def __init__(self, n=64, seq=16):
        self.ids = torch.randint(0, 64, (n, seq), generator=torch.Generator().manual_seed(0))

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, i):
        return {"input_ids": self.ids[i], "labels": self.ids[i]}


def main():
    torch.manual_seed(0)
    config = transformers.GPT2Config(n_layer=1, n_embd=32, n_head=2, vocab_size=64, n_positions=16)
    model = transformers.GPT2LMHeadModel(config)
    monitor = MonitorCallback()
    with tempfile.TemporaryDirectory() as out:
        args = transformers.TrainingArguments(output_dir=out, max_steps=40, per_device_train_batch_size=8,
                                              learning_rate=1e-3, use_cpu=True, report_to=[], save_strategy="no",
                                              logging_steps=10, disable_tqdm=True)
        trainer = LRKitTrainer(model=model, args=args, train_dataset=TokenData(), lr_schedule=SPEC,
                               callbacks=[monitor])
        trainer.train()
    print(f"schedule: {trainer.lr_scheduler.schedule} over {trainer.lr_scheduler.total_steps} steps")
    for h in trainer.state.log_history:
        if "learning_rate" in h:
            print(f"step {h['step']:3d}  lr {h['learning_rate']:.6g}  loss {h['loss']:.4f}")
    print(monitor.summary())


if __name__ == "__main__":
    main()

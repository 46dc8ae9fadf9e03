"""Ready-to-paste code for a recommendation: plain torch, HF Trainer, Lightning and Keras.

The snippets are complete programs on a stand-in model and data (marked
``# yours``) so they run as pasted; the tests execute the torch and Lightning ones.

>>> code = snippets("warmup(5%) >> cosine", lr=0.1, optimizer="sgd", total_steps=None,
...                 steps_per_epoch=10, epochs=2, per="step")
>>> sorted(code)
['hf_trainer', 'keras', 'lightning', 'torch']
>>> "lrkit.torch.LRScheduler(" in code["torch"]
True
"""

from __future__ import annotations

import math

__all__ = ["snippets"]

_TORCH_OPT = {
    "sgd": "torch.optim.SGD({params}, lr=LR, momentum=0.9)",
    "lars": "torch.optim.SGD({params}, lr=LR, momentum=0.9)  # LARS is not in torch: SGD shown",
    "adamw": "torch.optim.AdamW({params}, lr=LR, weight_decay=0.01)",
    "adam": "torch.optim.Adam({params}, lr=LR)",
    "rmsprop": "torch.optim.RMSprop({params}, lr=LR)",
    "lamb": "torch.optim.AdamW({params}, lr=LR)  # LAMB is not in torch: AdamW shown",
    "schedule-free": "torch.optim.AdamW({params}, lr=LR)  # or schedulefree.AdamWScheduleFree",
}
_KERAS_OPT = {
    "sgd": "keras.optimizers.SGD(learning_rate=schedule, momentum=0.9)",
    "lars": "keras.optimizers.SGD(learning_rate=schedule, momentum=0.9)",
    "adamw": "keras.optimizers.AdamW(learning_rate=schedule, weight_decay=0.01)",
    "adam": "keras.optimizers.Adam(learning_rate=schedule)",
    "rmsprop": "keras.optimizers.RMSprop(learning_rate=schedule)",
    "lamb": "keras.optimizers.Lamb(learning_rate=schedule)",
    "schedule-free": "keras.optimizers.AdamW(learning_rate=schedule)",
}


def _header(spec: str, lr: float, total_steps: int | None, steps_per_epoch: int | None,
            epochs: float | None, lr_known: bool) -> str:
    spe = steps_per_epoch or 100
    if epochs is not None:
        n_epochs = max(1, math.ceil(epochs))
    else:
        n_epochs = max(1, math.ceil((total_steps or spe) / spe))
    lr_note = "" if lr_known else "  # placeholder: use lrkit.find_lr's suggestion"
    spe_note = "" if steps_per_epoch else "  # yours: len(train_loader)"
    return (f"SPEC = {spec!r}\n"
            f"LR = {lr!r}{lr_note}\n"
            f"EPOCHS, STEPS_PER_EPOCH = {n_epochs}, {spe}{spe_note}\n")


def snippets(spec: str, *, lr: float, optimizer: str, total_steps: int | None, steps_per_epoch: int | None,
             epochs: float | None, per: str = "step", lr_known: bool = True) -> dict[str, str]:
    """Code for ``torch``, ``hf_trainer``, ``lightning`` and ``keras`` running ``spec``."""
    head = _header(spec, lr, total_steps, steps_per_epoch, epochs, lr_known)
    per_arg = ', per="epoch"' if per == "epoch" else ""
    opt = _TORCH_OPT.get(optimizer, _TORCH_OPT["adamw"])
    torch_code = (
        "import torch\n"
        "import lrkit.torch\n\n"
        f"{head}"
        "model = torch.nn.Linear(20, 2)  # yours\n"
        "train_loader = [(torch.randn(32, 20), torch.randint(0, 2, (32,))) for _ in range(STEPS_PER_EPOCH)]  # yours\n\n"
        f"optimizer = {opt.format(params='model.parameters()')}\n"
        "scheduler = lrkit.torch.LRScheduler(\n"
        "    optimizer, SPEC, total_steps=EPOCHS * STEPS_PER_EPOCH, steps_per_epoch=STEPS_PER_EPOCH"
        f"{per_arg})\n"
        "for epoch in range(EPOCHS):\n"
        "    for x, y in train_loader:\n"
        "        loss = torch.nn.functional.cross_entropy(model(x), y)\n"
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
        "        scheduler.step()  # once per optimizer step, also for specs written in epochs\n"
    )
    hf_code = (
        "import torch\n"
        "import lrkit.torch\n"
        "from transformers import Trainer, TrainingArguments\n\n"
        f"{head}"
        "# model, train_dataset: yours (a transformers model and dataset)\n"
        "args = TrainingArguments(output_dir='out', num_train_epochs=EPOCHS, learning_rate=LR,\n"
        "                         per_device_train_batch_size=32)\n"
        f"optimizer = {opt.format(params='model.parameters()')}\n"
        "scheduler = lrkit.torch.LRScheduler(\n"
        "    optimizer, SPEC, total_steps=EPOCHS * STEPS_PER_EPOCH, steps_per_epoch=STEPS_PER_EPOCH"
        f"{per_arg})\n"
        "trainer = Trainer(model=model, args=args, train_dataset=train_dataset,\n"
        "                  optimizers=(optimizer, scheduler))  # Trainer steps it once per optimizer step\n"
        "trainer.train()\n"
    )
    lightning_code = (
        "import lightning as L\n"
        "import torch\n"
        "import lrkit.torch\n\n"
        f"{head}\n"
        "class Model(L.LightningModule):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.net = torch.nn.Linear(20, 2)  # yours\n\n"
        "    def training_step(self, batch, batch_idx):\n"
        "        x, y = batch\n"
        "        return torch.nn.functional.cross_entropy(self.net(x), y)\n\n"
        "    def configure_optimizers(self):\n"
        f"        optimizer = {opt.format(params='self.parameters()')}\n"
        "        total = self.trainer.estimated_stepping_batches\n"
        "        scheduler = lrkit.torch.LRScheduler(\n"
        "            optimizer, SPEC, total_steps=total, steps_per_epoch=total // self.trainer.max_epochs"
        f"{per_arg})\n"
        "        return {\"optimizer\": optimizer,\n"
        "                \"lr_scheduler\": {\"scheduler\": scheduler, \"interval\": \"step\"}}\n\n\n"
        "data = torch.utils.data.TensorDataset(torch.randn(32 * STEPS_PER_EPOCH, 20),\n"
        "                                      torch.randint(0, 2, (32 * STEPS_PER_EPOCH,)))  # yours\n"
        "trainer = L.Trainer(max_epochs=EPOCHS, accelerator=\"cpu\", logger=False,\n"
        "                    enable_checkpointing=False, enable_progress_bar=False)\n"
        "trainer.fit(Model(), torch.utils.data.DataLoader(data, batch_size=32))\n"
    )
    keras_code = (
        "import keras\n"
        "import numpy as np\n"
        "import lrkit.keras\n\n"
        f"{head}"
        "x, y = np.random.randn(32 * STEPS_PER_EPOCH, 20), np.random.randint(0, 2, 32 * STEPS_PER_EPOCH)  # yours\n"
        "model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(2)])  # yours\n"
        "schedule = lrkit.keras.schedule(SPEC, total_steps=EPOCHS * STEPS_PER_EPOCH,\n"
        "                                steps_per_epoch=STEPS_PER_EPOCH, base_lr=LR)\n"
        f"model.compile(optimizer={_KERAS_OPT.get(optimizer, _KERAS_OPT['adamw'])},\n"
        "              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
        "model.fit(x, y, epochs=EPOCHS, batch_size=32, verbose=0)\n"
    )
    return {"torch": torch_code, "hf_trainer": hf_code, "lightning": lightning_code, "keras": keras_code}

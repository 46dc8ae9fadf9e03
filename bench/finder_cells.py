"""Held-out cells for the finder's quality record (bench/finder_quality.py): the situations of issue 16.

Each cell is a small task with the interface the record uses for the built-in tasks
(``build_model(seed)``, ``make_optimizer(model, lr=None)``, ``train_loader(seed)``,
``loss_fn``, ``train(None, seed=, lr=)``, ``metric``, ``mode``, ``data()``), plus
``val_loader()`` (a few batches of the validation split, for ``find_lr(val_loader=)``).
Offline only: scikit-learn's bundled ``load_diabetes`` / ``load_digits`` and CPython's
``pydoc_data`` text. SGD = momentum 0.9, weight decay 5e-4; AdamW weight decay 1e-2 (as the
built-in tasks).

- ``tabreg``: scikit-learn's diabetes regression (442 rows, 10 features), 300 rows for training
  (features and target standardized with the training rows' statistics), an MLP 10-64-64-1,
  MSE, batch 32: 10 batches per pass, so the default 100-step sweep goes over the data 10 times.
  Budget 300 steps; metric: validation MSE (lower is better).
- ``ae``: an autoencoder on the digits images (64-32-8-32-64, ReLU, **sigmoid output**, MSE
  against the pixels in [0, 1]): a bounded loss that cannot blow up 5x. Budget 300 steps;
  metric: validation MSE.
- ``gru``: a byte-level GRU language model (embedding 32, one GRU layer of 128) on CPython's
  pydoc topics (the ``charlm`` task's text and splits), context 64, batch 32, with **gradient
  clipping** (global norm 1.0, done inside the optimizer's ``step`` so that the training loop,
  lrkit's sweep and torch-lr-finder's all clip alike). Budget 150 steps; metric: validation loss
  over 20 fixed batches.
- ``cnnslow``: a 2-D CNN on the digits images (1x8x8; seven 3x3 convolutions of 16 channels,
  tanh, no normalisation, weights drawn with std 0.01, zero biases, then a linear head): a
  **slow learner** whose loss does not move in the default 100-step sweep. Budget 600 steps;
  metric: validation accuracy.

None of these cells was looked at before the finder's rules and thresholds were fixed.
"""

from __future__ import annotations

import math

import numpy as np

OPTIMIZERS = {"sgd": ("SGD", {"momentum": 0.9, "weight_decay": 5e-4}),
              "adamw": ("AdamW", {"weight_decay": 1e-2})}
CLIP_NORM = 1.0


def _torch():
    import torch

    return torch


def _clipping(cls_name: str):
    """``torch.optim.<cls_name>`` whose ``step`` first clips the global gradient norm to CLIP_NORM."""
    torch = _torch()
    base = getattr(torch.optim, cls_name)

    def step(self, closure=None):
        params = [p for g in self.param_groups for p in g["params"] if p.grad is not None]
        torch.nn.utils.clip_grad_norm_(params, CLIP_NORM)
        return base.step(self, closure)

    return type(f"Clipped{cls_name}", (base,), {"step": step})


class _Loader:
    """Seeded shuffled mini-batches over tensors (a new order each pass); ``len()`` = batches per pass."""

    def __init__(self, x, y, batch: int, seed: int):
        torch = _torch()
        self.x, self.y, self.batch = x, y, batch
        self.gen = torch.Generator().manual_seed(int(seed))

    def __len__(self):
        return math.ceil(len(self.x) / self.batch)

    def __iter__(self):
        torch = _torch()
        perm = torch.randperm(len(self.x), generator=self.gen)
        for i in range(0, len(self.x), self.batch):
            idx = perm[i:i + self.batch]
            yield self.x[idx], self.y[idx]


class Cell:
    """A held-out task (see the module docstring): the record's task interface."""

    name = "?"
    metric, mode = "val_loss", "min"
    batch, steps, clip = 32, 300, False

    def __init__(self, optimizer: str):
        self.optimizer = optimizer
        self._split = None

    # data ---------------------------------------------------------------------------
    def data(self):
        if self._split is None:
            self._split = self._load()
        return self._split

    def _load(self):  # -> dict of tensors x_train, y_train, x_val, y_val
        raise NotImplementedError

    def train_loader(self, seed: int = 0):
        d = self.data()
        return _Loader(d["x_train"], d["y_train"], self.batch, seed)

    def val_loader(self, batches: int = 4):
        """The first ``batches`` batches of the validation split (a small fixed loader for find_lr)."""
        d = self.data()
        x, y = d["x_val"], d["y_val"]
        return [(x[i:i + self.batch], y[i:i + self.batch]) for i in range(0, min(len(x), batches * self.batch),
                                                                            self.batch)]

    # model / optimizer ----------------------------------------------------------------
    def build_model(self, seed: int = 0):
        torch = _torch()
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(seed))
            return self._module()

    def make_optimizer(self, model, lr: float | None = None):
        torch = _torch()
        name, kw = OPTIMIZERS[self.optimizer]
        cls = _clipping(name) if self.clip else getattr(torch.optim, name)
        return cls(model.parameters(), lr=1e-3 if lr is None else float(lr), **kw)

    @property
    def loss_fn(self):
        return _torch().nn.MSELoss()

    # training -------------------------------------------------------------------------
    def evaluate(self, model) -> dict:
        torch = _torch()
        d = self.data()
        model.eval()
        with torch.no_grad():
            out = model(d["x_val"])
        model.train()
        return self._scores(out, d["y_val"])

    def _scores(self, out, y) -> dict:
        return {"val_loss": float(self.loss_fn(out, y))}

    def train(self, schedule=None, seed: int = 0, lr: float | None = None, steps: int | None = None) -> dict:
        """Train a fresh model (init and data order from ``seed``) at a constant ``lr`` for the cell's budget."""
        model = self.build_model(seed)
        opt = self.make_optimizer(model, lr)
        loader, done, diverged = self.train_loader(seed), 0, False
        loss_fn = self.loss_fn
        budget = steps or self.steps
        while done < budget and not diverged:
            for xb, yb in loader:
                loss = loss_fn(model(xb), yb)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                done += 1
                if not math.isfinite(loss.item()):
                    diverged = True
                    break
                if done == budget:
                    break
        final = self.evaluate(model)
        if diverged or not math.isfinite(final[self.metric]):
            final[self.metric] = float("nan")
        return {"final": final, "diverged": diverged}


class TabReg(Cell):
    name = "tabreg"

    def _load(self):
        torch = _torch()
        from sklearn.datasets import load_diabetes

        x, y = load_diabetes(return_X_y=True)
        idx = np.random.default_rng(0).permutation(len(x))
        tr, va = idx[:300], idx[300:371]
        mu, sd = x[tr].mean(0), x[tr].std(0)
        ym, ys = y[tr].mean(), y[tr].std()

        def t(a):
            return torch.as_tensor(np.asarray(a, dtype=np.float32))

        return {"x_train": t((x[tr] - mu) / sd), "y_train": t((y[tr] - ym) / ys)[:, None],
                "x_val": t((x[va] - mu) / sd), "y_val": t((y[va] - ym) / ys)[:, None]}

    def _module(self):
        nn = _torch().nn
        return nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))


def _digits():
    from lrkit.experiments.tasks.digits import digits_data

    return digits_data()


class AE(Cell):
    name = "ae"
    batch = 64

    def _load(self):
        torch = _torch()
        d = _digits()
        xt, xv = torch.as_tensor(d["x_train"]), torch.as_tensor(d["x_val"])
        return {"x_train": xt, "y_train": xt, "x_val": xv, "y_val": xv}

    def _module(self):
        nn = _torch().nn
        return nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 8), nn.ReLU(), nn.Linear(8, 32), nn.ReLU(),
                             nn.Linear(32, 64), nn.Sigmoid())


class CNNSlow(Cell):
    name = "cnnslow"
    metric, mode = "val_acc", "max"
    batch, steps = 64, 600

    def _load(self):
        torch = _torch()
        d = _digits()
        return {"x_train": torch.as_tensor(d["x_train"]), "y_train": torch.as_tensor(d["y_train"]),
                "x_val": torch.as_tensor(d["x_val"]), "y_val": torch.as_tensor(d["y_val"])}

    def _module(self):
        torch = _torch()
        nn = torch.nn
        layers: list = [nn.Unflatten(1, (1, 8, 8))]
        ch = 1
        for _ in range(7):
            conv = nn.Conv2d(ch, 16, 3, padding=1)
            nn.init.normal_(conv.weight, std=0.01)
            nn.init.zeros_(conv.bias)
            layers += [conv, nn.Tanh()]
            ch = 16
        head = nn.Linear(16 * 64, 10)
        nn.init.normal_(head.weight, std=0.01)
        nn.init.zeros_(head.bias)
        return nn.Sequential(*layers, nn.Flatten(), head)

    @property
    def loss_fn(self):
        return _torch().nn.CrossEntropyLoss()

    def _scores(self, out, y) -> dict:
        return {"val_acc": float((out.argmax(-1) == y).float().mean()),
                "val_loss": float(_torch().nn.functional.cross_entropy(out, y))}


class GRU(Cell):
    name = "gru"
    steps, clip = 150, True

    def _load(self):
        torch = _torch()
        from lrkit.experiments.tasks.charlm import charlm_data

        d = charlm_data()
        return {"train": torch.as_tensor(d["x_train"]), "val": torch.as_tensor(d["x_val"])}

    def train_loader(self, seed: int = 0):
        from lrkit.experiments.tasks.charlm import _Windows

        return _Windows(self.data()["train"], self.batch, seed)

    def val_loader(self, batches: int = 4):
        from lrkit.experiments.tasks.charlm import _windows

        g = _torch().Generator().manual_seed(1234)
        return [_windows(self.data()["val"], self.batch, g) for _ in range(batches)]

    def _module(self):
        nn = _torch().nn

        class GRULM(nn.Module):
            def __init__(self):
                super().__init__()
                self.emb = nn.Embedding(256, 32)
                self.rnn = nn.GRU(32, 128, batch_first=True)
                self.head = nn.Linear(128, 256)

            def forward(self, x):
                return self.head(self.rnn(self.emb(x))[0])

        return GRULM()

    @property
    def loss_fn(self):
        torch = _torch()

        def seq_ce(logits, target):
            return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))

        return seq_ce

    def evaluate(self, model) -> dict:
        torch = _torch()
        model.eval()
        with torch.no_grad():
            loss = float(np.mean([float(self.loss_fn(model(x), y)) for x, y in self.val_loader(20)]))
        model.train()
        return {"val_loss": loss}


KINDS = {"tabreg": TabReg, "ae": AE, "cnnslow": CNNSlow, "gru": GRU}


def get_cell(task: str, optimizer: str) -> Cell:
    """The held-out cell ``task`` (a key of :data:`KINDS`) with ``optimizer`` (``"sgd"`` or ``"adamw"``)."""
    return KINDS[task](optimizer)

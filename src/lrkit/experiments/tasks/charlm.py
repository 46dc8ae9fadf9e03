"""``charlm`` and ``charlm-postln``: a tiny character-level Transformer on CPython's own docs.

Text: ``pydoc_data.topics.topics`` (ships with CPython, ~465k characters), the
topics joined with newlines in sorted-key order, as UTF-8 bytes (vocabulary
256). Split by position: first 80% train, next 10% val, last 10% test. The
content depends on the Python version.

Model: token + position embeddings, ``nn.TransformerEncoder`` with 2 layers,
d_model 64, 4 heads, feed-forward 256, no dropout, causal mask, then LayerNorm
and the output head; ``charlm`` is pre-LN (``norm_first=True``),
``charlm-postln`` post-LN (the original Transformer, where warmup matters at
high LR). Context 64, batch 32; an "epoch" is 50 random windows per step-batch
(6 epochs = 300 steps). The validation/test loss is the mean over the same 20
fixed batches of the split for every run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .base import Task, require_torch

CONTEXT = 64
VOCAB = 256
STEPS_PER_EPOCH = 50
EVAL_BATCHES = 20
_CACHE: dict[str, np.ndarray] = {}


def charlm_data() -> dict[str, np.ndarray]:
    """The byte streams: ``x_train``/``x_val``/``x_test`` (uint8 arrays); ``y_*`` are the same streams."""
    if not _CACHE:
        import pydoc_data.topics as topics

        text = "\n".join(topics.topics[k] for k in sorted(topics.topics))
        data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8).astype(np.int64)
        a, b = int(0.8 * len(data)), int(0.9 * len(data))
        for split, arr in (("train", data[:a]), ("val", data[a:b]), ("test", data[b:])):
            _CACHE[f"x_{split}"] = arr
            _CACHE[f"y_{split}"] = arr
    return dict(_CACHE)


class _Windows:
    """``len()`` = STEPS_PER_EPOCH batches of random (input, next-byte target) windows, seeded."""

    def __init__(self, stream, batch_size: int, seed: int, steps: int = STEPS_PER_EPOCH):
        torch = require_torch()
        self.stream, self.batch_size, self.steps = stream, int(batch_size), int(steps)
        self.generator = torch.Generator().manual_seed(int(seed))

    def __len__(self) -> int:
        return self.steps

    def __iter__(self):
        for _ in range(self.steps):
            yield _windows(self.stream, self.batch_size, self.generator)


def _windows(stream, batch_size: int, generator):
    torch = require_torch()
    ix = torch.randint(len(stream) - CONTEXT - 1, (batch_size,), generator=generator)
    offs = ix[:, None] + torch.arange(CONTEXT + 1)
    w = stream[offs]
    return w[:, :-1], w[:, 1:]


def _make_lm(norm_first: bool):
    torch = require_torch()
    nn = torch.nn

    class CharLM(nn.Module):
        def __init__(self, d: int = 64, heads: int = 4, layers: int = 2):
            super().__init__()
            self.tok = nn.Embedding(VOCAB, d)
            self.pos = nn.Embedding(CONTEXT, d)
            layer = nn.TransformerEncoderLayer(d, heads, 4 * d, dropout=0.0, batch_first=True,
                                               norm_first=norm_first)
            self.enc = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
            self.ln = nn.LayerNorm(d)
            self.head = nn.Linear(d, VOCAB)
            self.register_buffer("mask", nn.Transformer.generate_square_subsequent_mask(CONTEXT), persistent=False)

        def forward(self, x):
            n = x.shape[1]
            h = self.tok(x) + self.pos(torch.arange(n, device=x.device))
            h = self.enc(h, mask=self.mask[:n, :n], is_causal=True)
            return self.head(self.ln(h))

    return CharLM()


def _seq_cross_entropy():
    torch = require_torch()

    class SeqCrossEntropy(torch.nn.Module):
        """Cross-entropy over every position: ``(B, T, V)`` logits against ``(B, T)`` targets."""

        def forward(self, logits, target):
            return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))

    return SeqCrossEntropy()


@dataclass(frozen=True)
class CharLMTask(Task):
    """A character-level language-model task; ``norm_first`` picks pre-LN (True) or post-LN (False)."""

    norm_first: bool = True
    splits: ClassVar[dict[str, int]] = {"train": STEPS_PER_EPOCH, "val": EVAL_BATCHES, "test": EVAL_BATCHES}

    def data(self) -> dict[str, np.ndarray]:
        return charlm_data()

    def _module(self):
        return _make_lm(self.norm_first)

    def _stream(self, split: str):
        cache = self.__dict__.get("_stream_cache")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_stream_cache", cache)
        if split not in cache:
            torch = require_torch()
            cache[split] = torch.as_tensor(self.data()[f"x_{split}"])
        return cache[split]

    def train_loader(self, seed: int = 0, batch_size: int | None = None):
        return _Windows(self._stream("train"), batch_size or self.batch_size, seed)

    def steps_per_epoch(self, batch_size: int | None = None) -> int:
        return STEPS_PER_EPOCH

    @property
    def loss_fn(self):
        return _seq_cross_entropy()

    def _eval_batches(self, split: str):
        key = f"_eval_{split}"
        if key not in self.__dict__:
            torch = require_torch()
            g = torch.Generator().manual_seed({"train": 1233, "val": 1234, "test": 1235}[split])
            stream = self._stream(split)
            object.__setattr__(self, key, [_windows(stream, self.batch_size, g) for _ in range(EVAL_BATCHES)])
        return self.__dict__[key]

    def evaluate(self, model, split: str = "val") -> dict[str, float]:
        """Mean loss and next-byte accuracy over the split's 20 fixed batches."""
        torch = require_torch()
        if split not in ("train", "val", "test"):
            from ...errors import LRKitError
            raise LRKitError(f"task {self.name}: split must be one of 'train', 'val', 'test', got {split!r}")
        was_training = model.training
        model.eval()
        losses, accs = [], []
        try:
            with torch.no_grad():
                for x, y in self._eval_batches(split):
                    out = model(x)
                    losses.append(torch.nn.functional.cross_entropy(out.reshape(-1, VOCAB), y.reshape(-1)).item())
                    accs.append((out.argmax(-1) == y).float().mean().item())
        finally:
            model.train(was_training)
        return {f"{split}_loss": float(np.mean(losses)), f"{split}_acc": float(np.mean(accs))}

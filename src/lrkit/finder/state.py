"""Exact snapshot and restore of a model and its optimizer: what :func:`~lrkit.finder.find_lr` puts back.

Params, grads, buffers, train/eval modes, optimizer state and param groups
(tensor LRs in place), and the torch, numpy, ``random`` and CUDA RNG states,
bit for bit.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import numpy as np

__all__ = ["snapshot", "restore"]


def _clone(v: Any) -> Any:
    import torch

    if isinstance(v, torch.Tensor):
        return v.detach().clone()
    return copy.deepcopy(v)


def snapshot(model, optimizer) -> dict:
    """Everything the sweep changes: params, grads, buffers, train/eval modes, optimizer, RNGs.

    >>> import torch
    >>> m = torch.nn.Linear(2, 1); opt = torch.optim.SGD(m.parameters(), lr=0.1)
    >>> s = snapshot(m, opt)
    >>> with torch.no_grad(): _ = m.weight.add_(1.0)
    >>> restore(m, opt, s); torch.equal(m.weight, s["tensors"][0][1])
    True
    """
    import torch

    seen: set[int] = set()
    tensors = []
    for t in list(model.parameters()) + list(model.buffers()):
        if id(t) not in seen:
            seen.add(id(t))
            tensors.append((t, t.detach().clone()))
    grads = [(p, None if p.grad is None else p.grad.detach().clone()) for p, _ in tensors
             if isinstance(p, torch.nn.Parameter)]
    rng = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "random": random.getstate()}
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    return {
        "tensors": tensors,
        "grads": grads,
        "modes": [(m, m.training) for m in model.modules()],
        "opt_state": {p: {k: _clone(v) for k, v in st.items()} for p, st in optimizer.state.items()},
        "opt_groups": [{k: _clone(v) for k, v in g.items() if k != "params"} for g in optimizer.param_groups],
        "rng": rng,
    }


def restore(model, optimizer, snap: dict, rng: bool = True) -> None:
    """Put back what :func:`snapshot` saved, in place (the same Parameter objects, bit for bit)."""
    import torch

    with torch.no_grad():
        for t, saved in snap["tensors"]:
            t.copy_(saved)
    for p, g in snap["grads"]:
        p.grad = None if g is None else g.clone()
    for m, mode in snap["modes"]:
        m.training = mode
    optimizer.state.clear()
    for p, st in snap["opt_state"].items():
        optimizer.state[p] = {k: _clone(v) for k, v in st.items()}
    for g, saved in zip(optimizer.param_groups, snap["opt_groups"]):
        for k in [k for k in g if k != "params" and k not in saved]:
            del g[k]
        for k, v in saved.items():
            if isinstance(v, torch.Tensor) and isinstance(g.get(k), torch.Tensor) and g[k].shape == v.shape:
                g[k].copy_(v)  # tensor LRs stay the same object (no recompiles under torch.compile)
            else:
                g[k] = _clone(v)
    if rng:
        r = snap["rng"]
        torch.set_rng_state(r["torch"])
        np.random.set_state(r["numpy"])
        random.setstate(r["random"])
        if "cuda" in r:
            torch.cuda.set_rng_state_all(r["cuda"])

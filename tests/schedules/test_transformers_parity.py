"""Parity with ``transformers.get_scheduler`` for every LambdaLR-based scheduler type it offers.

Each case steps the real transformers scheduler over a run of ``T`` steps (plus a
few past the end where both define it) on an SGD optimizer with three param
groups of different base LRs, and compares with the lrkit spec written for it,
to relative error <= 1e-9 (transformers' lambdas are closed-form, like lrkit's).
Parameters come from a seeded RNG, two draws per type.

Mapping (transformers' warmup is ``lk.warmup(w)``, start factor 0):

- "linear"               -> warmup(w) >> linear
- "cosine"               -> warmup(w) >> cosine(num_cycles=c)
- "cosine_with_restarts" -> warmup(w) >> restarts((T - w) / k, limit=k)   (needs k | T - w)
- "polynomial"           -> warmup(w) >> poly(power=p, min_lr_ratio=lr_end / optimizer.defaults["lr"])
- "constant"             -> constant
- "constant_with_warmup" -> warmup(w) >> constant
- "inverse_sqrt"         -> inverse_sqrt(w, timescale=s)
- "cosine_with_min_lr"   -> warmup(w) >> cosine(min_lr_ratio=r, num_cycles=c)
                            (transformers turns ``min_lr`` into ``min_lr / optimizer.defaults["lr"]``)
- "warmup_stable_decay"  -> wsd(warmup=w, decay=d, warmup_type=…, decay_type=…, min_lr_ratio=r, num_cycles=c)

Not covered: "reduce_lr_on_plateau" (metric-driven; lrkit's plateau), "greedy"
and "cosine_warmup_with_min_lr" (the ``_lr_rate`` variant shifts every step by one
and starts its warmup at ``1 / w``; no lrkit spec reproduces it), and past the end
of the run for the cosine types: transformers' cosine keeps turning (the LR rises
again after ``T``), lrkit's holds its final value.
"""

import numpy as np
import pytest

import lrkit as lk

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
from transformers import get_scheduler  # noqa: E402

RTOL = 1e-9


def _run(name, base, w, T, n, **kw):
    torch.set_num_threads(1)
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in base]
    opt = torch.optim.SGD(groups, lr=base[0])
    sched = get_scheduler(name, opt, num_warmup_steps=w, num_training_steps=T, scheduler_specific_kwargs=kw or None)
    out = np.empty((n, len(base)))
    for i in range(n):
        out[i] = [g["lr"] for g in opt.param_groups]
        opt.step()
        sched.step()
    return out


def _cases():
    rng = np.random.default_rng(2024)
    out = []
    for _ in range(2):
        base = [float(x) for x in rng.uniform(1e-4, 1.0, size=3) * [1.0, 0.01, 0.5]]
        base[0] = max(base)  # polynomial needs lr_end < optimizer.defaults["lr"] = base[0]
        w = int(rng.integers(1, 300))
        T = w + int(rng.integers(700, 1200))
        c = float(rng.uniform(0.2, 1.5))
        k = int(rng.integers(1, 5))
        T_r = w + k * int(rng.integers(200, 400))  # restarts: T - w divisible by the number of cycles
        p = float(rng.uniform(0.3, 3.0))
        r = float(rng.uniform(0.0, 0.3))
        ts = int(rng.integers(1, 2000))
        d = int(rng.integers(1, T - w))
        out += [
            ("linear", base, w, T, T + 20, {}, lk.warmup(w) >> lk.linear()),
            ("cosine", base, w, T, T + 1, {}, lk.warmup(w) >> lk.cosine()),
            ("cosine", base, w, T, T + 1, {"num_cycles": c}, lk.warmup(w) >> lk.cosine(num_cycles=c)),
            ("cosine_with_restarts", base, w, T_r, T_r + 20, {"num_cycles": k},
             lk.warmup(w) >> lk.restarts((T_r - w) // k, limit=k)),
            ("polynomial", base, w, T, T + 20, {"power": p, "lr_end": r * base[0]},
             lk.warmup(w) >> lk.poly(power=p, min_lr_ratio=r)),
            ("constant", base, w, T, T + 20, {}, lk.constant()),
            ("constant_with_warmup", base, w, T, T + 20, {}, lk.warmup(w) >> lk.constant()),
            ("inverse_sqrt", base, w, T, T + 20, {}, lk.inverse_sqrt(w)),
            ("inverse_sqrt", base, w, T, T + 20, {"timescale": ts}, lk.inverse_sqrt(w, timescale=ts)),
            ("cosine_with_min_lr", base, w, T, T + 1, {"min_lr_rate": r, "num_cycles": c},
             lk.warmup(w) >> lk.cosine(min_lr_ratio=r, num_cycles=c)),
            ("cosine_with_min_lr", base, w, T, T + 1, {"min_lr": r * base[0]},
             lk.warmup(w) >> lk.cosine(min_lr_ratio=r)),
        ]
        for wt, dt in (("linear", "cosine"), (str(rng.choice(["cosine", "1-sqrt"])), str(rng.choice(["linear", "1-sqrt"])))):
            out.append(("warmup_stable_decay", base, w, T, T + 20,
                        {"num_decay_steps": d, "warmup_type": wt, "decay_type": dt, "min_lr_ratio": r, "num_cycles": c},
                        lk.wsd(warmup=w, decay=d, warmup_type=wt, decay_type=dt, min_lr_ratio=r, num_cycles=c)))
    return out


CASES = _cases()


@pytest.mark.parametrize("name,base,w,T,n,kw,sched", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_get_scheduler_parity(name, base, w, T, n, kw, sched):
    want = _run(name, base, w, T, n, **kw)
    got = sched.bind(total_steps=T)(np.arange(n), np.asarray(base))
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=1e-15, err_msg=f"{name} {kw} vs {sched}")


def test_cosine_past_the_end_differs_on_purpose():
    base, w, T = [0.1, 0.01, 1.0], 10, 110
    want = _run("cosine", base, w, T, T + 50)
    got = (lk.warmup(w) >> lk.cosine()).bind(total_steps=T)(np.arange(T + 50), np.asarray(base))
    np.testing.assert_allclose(got[: T + 1], want[: T + 1], rtol=RTOL, atol=1e-15)
    assert np.all(got[T:] == 0.0) and np.all(want[T + 49] > 0.0)  # transformers' cosine turns back up

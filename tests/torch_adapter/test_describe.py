"""describe(torch_scheduler): the lrkit schedule reproduces the torch LR sequence (3 param groups)."""

import warnings

import numpy as np
import pytest
from torch.optim import lr_scheduler as tl

import lrkit as lk
from lrkit.torch import LRScheduler, describe
from _lrkit_torch_helpers import BASES, CASES, lrs, make_opt


@pytest.mark.parametrize("name,factory,schedule,total,n,kind", CASES, ids=[c[0] for c in CASES])
def test_described_schedule_reproduces_torch(name, factory, schedule, total, n, kind):
    opt = make_opt(kind)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sched = factory(opt)
        bases = list(sched.base_lrs) if hasattr(sched, "base_lrs") else BASES
        seq = []
        for _ in range(n):
            seq.append(lrs(opt)); opt.step(); sched.step()
    s = describe(sched)
    if s.serializable:
        assert lk.parse(str(s)) == s  # a real spec: lrkit plot / the doctor can show it
    got = s.bind()(np.arange(n), np.array(bases, dtype=float))
    np.testing.assert_allclose(got, np.array(seq), rtol=1e-10, atol=1e-15)
    # and it drives lrkit.torch.LRScheduler to the same sequence
    opt2 = make_opt(kind)
    ours = LRScheduler(opt2, s)
    out = []
    for _ in range(n):
        out.append(lrs(opt2)); opt2.step(); ours.step()
    np.testing.assert_allclose(np.array(out), np.array(seq), rtol=1e-10, atol=1e-15)


def test_specs_read_as_expected():
    opt = make_opt()
    assert str(describe(tl.StepLR(opt, 30, gamma=0.1))) == "step(30)"
    assert str(describe(tl.CosineAnnealingLR(opt, T_max=100))) == "cosine(100, min_lr=0)"
    assert str(describe(tl.ReduceLROnPlateau(opt, patience=5, min_lr=[0, 1e-3, 0]))) == \
        "plateau(patience=5, min_lr=[0, 0.001, 0])"
    assert str(describe(tl.ConstantLR(opt, factor=0.5, total_iters=4))) == "constant(4, factor=0.5) >> constant"
    c = describe(tl.OneCycleLR(make_opt(), max_lr=0.1, total_steps=100))
    assert c.to_dict()["type"] == "onecycle"


def test_plateau_described_makes_same_decisions():
    opt_t = make_opt()
    ref = tl.ReduceLROnPlateau(opt_t, factor=0.5, patience=1, cooldown=1)
    opt = make_opt()
    sched = LRScheduler(opt, describe(ref))
    for m in [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.5]:
        opt.step(); opt_t.step()
        ref.step(m); sched.step(m)
        assert lrs(opt) == lrs(opt_t)


def test_unsupported_and_unrepresentable_are_clear_errors():
    opt = make_opt()
    with pytest.raises(lk.LRKitError, match="describe: builtins.object has no lrkit equivalent; supported"):
        describe(object())
    with pytest.raises(lk.LRKitError, match="repeated milestone"):
        describe(tl.MultiStepLR(opt, [5, 5, 10]))
    with pytest.raises(lk.LRKitError, match="different function per param group"):
        describe(tl.LambdaLR(opt, [lambda s: 1.0, lambda s: 0.5, lambda s: 1.0]))
    o2 = make_opt()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seq = tl.SequentialLR(o2, [tl.LinearLR(o2, 0.1, total_iters=5), tl.ExponentialLR(o2, 0.9)], milestones=[8])
    with pytest.raises(lk.LRKitError, match="runs warmup.* for 8 steps .* not its own length 5"):
        describe(seq)

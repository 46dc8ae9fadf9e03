"""lrkit.torch.LRScheduler honours torch's LRScheduler contract: torch's own utilities work on it."""

import io
import pickle
import warnings

import pytest
import torch
from torch.optim import lr_scheduler as tl

import lrkit as lk
from lrkit.torch import LRScheduler

from _lrkit_torch_helpers import lrs, make_opt


def _run(opt, sched, n):
    out = []
    for _ in range(n):
        out.append(lrs(opt))
        opt.step()
        sched.step()
    return out


def test_the_base_class_is_initialised():
    opt = make_opt()
    sched = LRScheduler(opt, "warmup(2) >> cosine", total_steps=10)
    # what torch.optim.lr_scheduler.LRScheduler.__init__ sets up, the base class did itself
    assert getattr(opt.step, "_wrapped_by_lr_sched", False)
    assert sched.base_lrs == [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.05, 0.2]
    assert (sched.last_epoch, sched._step_count) == (0, 1)
    assert sched.get_last_lr() == lrs(opt) == [0.0, 0.0, 0.0]
    opt.step()
    sched.step()
    assert sched.last_epoch == 1 and sched.get_last_lr() == lrs(opt)


def test_get_last_lr_returns_copies_of_the_groups_lr_types():
    opt = make_opt(tensor_lr=True)
    sched = LRScheduler(opt, "linear", total_steps=4)
    opt.step()
    sched.step()
    last = sched.get_last_lr()
    assert all(isinstance(v, torch.Tensor) for v in last) and [float(v) for v in last] == lrs(opt)
    last[0].fill_(123.0)  # a copy: the optimizer's LR is untouched
    assert lrs(opt)[0] == pytest.approx(0.075)


def test_state_dict_is_plain_data_that_torch_load_accepts_with_weights_only():
    opt = make_opt()
    sched = LRScheduler(opt, "warmup(3) >> plateau(patience=0)", total_steps=20)
    for _ in range(4):
        opt.step()
        sched.advance()
    sched.step(1.0)
    state = sched.state_dict()
    assert sorted(state) == ["count", "lrkit", "per", "plateau", "position", "spec", "steps_per_epoch",
                             "total_steps"]
    buf = io.BytesIO()
    torch.save(state, buf)
    buf.seek(0)
    assert torch.load(buf, weights_only=True) == state  # no pickled objects, only plain values


def test_sequential_lr_hands_over_at_its_milestone():
    warm = 5
    opt = make_opt()
    first = tl.LinearLR(opt, start_factor=0.2, total_iters=warm)
    second = LRScheduler(opt, "cosine", total_steps=20)
    seq = tl.SequentialLR(opt, [first, second], milestones=[warm])
    got = _run(opt, seq, 25)
    ref_opt = make_opt()
    ref = _run(ref_opt, tl.LinearLR(ref_opt, start_factor=0.2, total_iters=warm), warm)
    curve = lk.parse("cosine").bind(total_steps=20)
    ref += [[curve(t, b) for b in (0.1, 0.05, 0.2)] for t in range(20)]
    assert sum(got, []) == pytest.approx(sum(ref, []), rel=1e-12, abs=1e-15)
    assert seq.get_last_lr() == lrs(opt)


def test_sequential_lr_resumes_exactly_with_lrkit_last():
    # load_state_dict writes the LR of the saved position (lrkit's resume contract), so an lrkit
    # scheduler resumes a SequentialLR exactly as its last scheduler (docs/torch.md)
    def build():
        opt = make_opt()
        return opt, tl.SequentialLR(opt, [tl.LinearLR(opt, start_factor=0.25, total_iters=4),
                                          LRScheduler(opt, "cosine", total_steps=8)], milestones=[4])

    opt, seq = build()
    straight = _run(opt, seq, 12)
    opt, seq = build()
    _run(opt, seq, 6)
    saved = (opt.state_dict(), seq.state_dict())
    opt, seq = build()
    opt.load_state_dict(saved[0])
    seq.load_state_dict(saved[1])
    assert straight[:6] + _run(opt, seq, 6) == straight


def test_lrkit_first_in_sequential_lr_and_alone_in_chained_scheduler():
    opt, ref_opt = make_opt(), make_opt()
    seq = tl.SequentialLR(opt, [LRScheduler(opt, "warmup(3) >> linear", total_steps=10),
                                tl.ConstantLR(opt, factor=0.5, total_iters=100)], milestones=[10])
    ref = LRScheduler(ref_opt, "warmup(3) >> linear", total_steps=10)
    assert _run(opt, seq, 10) == _run(ref_opt, ref, 10)
    opt, ref_opt = make_opt(), make_opt()
    chained = tl.ChainedScheduler([LRScheduler(opt, "onecycle", total_steps=10)])
    ref = LRScheduler(ref_opt, "onecycle", total_steps=10)
    assert _run(opt, chained, 10) == _run(ref_opt, ref, 10)
    assert chained.state_dict()["_schedulers"][0]["position"] == 10


def test_an_epoch_argument_is_refused():
    opt = make_opt()
    sched = LRScheduler(opt, "cosine", total_steps=10)
    with pytest.raises(lk.LRKitError, match="epoch= position is not supported"):
        sched._update_lr(3)
    with pytest.raises(lk.LRKitError, match="epoch= is not supported"):
        sched.step(epoch=3)


def test_pickles_with_its_optimizer_and_keeps_counting():
    opt = make_opt()
    sched = LRScheduler(opt, "warmup(2) >> cosine", total_steps=12)
    first = _run(opt, sched, 5)
    opt2, sched2 = pickle.loads(pickle.dumps((opt, sched)))
    assert sched2.optimizer is opt2 and sched2.position == 5
    ref_opt = make_opt()
    ref = _run(ref_opt, LRScheduler(ref_opt, "warmup(2) >> cosine", total_steps=12), 12)
    assert first + _run(opt2, sched2, 7) == ref


def test_warnings_are_once_per_scheduler_not_per_process():
    # each new scheduler warns about its own cause, even one that reuses a freed object's id()
    seen = []
    for _ in range(20):
        opt = make_opt()
        sched = LRScheduler(opt, "linear", total_steps=1)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            for _ in range(3):
                opt.step()
                sched.step()
        seen.append(sum("stepped past total_steps" in str(x.message) for x in w))
        del opt, sched
    assert seen == [1] * 20

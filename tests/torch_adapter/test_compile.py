"""Tensor LRs under torch.compile: lrkit writes them in place, so the compiled step never recompiles."""

import logging

import pytest
import torch
import torch.nn.functional as F

from lrkit.torch import LRScheduler

STEPS = 100


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _compiled_run(lr0):
    """100 compiled Adam steps under lrkit warmup+cosine; returns (recompiles, LRs seen, final lr object)."""
    import torch._dynamo
    import torch._logging

    torch._dynamo.reset()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    opt = torch.optim.Adam(model.parameters(), lr=lr0)
    lr_obj = opt.param_groups[0]["lr"]
    sched = LRScheduler(opt, "warmup(10) >> cosine(min_lr=1e-4)", total_steps=STEPS)
    x, y = torch.randn(16, 8), torch.randint(0, 3, (16,))

    @torch.compile(fullgraph=False)
    def opt_step():
        opt.step()

    rec = _Records()
    logger = logging.getLogger("torch._dynamo.guards.__recompiles")
    torch._logging.set_logs(recompiles=True)
    logger.addHandler(rec)
    seen = []
    try:
        for _ in range(STEPS):
            F.cross_entropy(model(x), y).backward()
            seen.append(float(opt.param_groups[0]["lr"]))
            opt_step()
            opt.zero_grad(set_to_none=True)
            sched.step()
    finally:
        logger.removeHandler(rec)
        torch._logging.set_logs()
        torch._dynamo.reset()
    recompiles = [m for m in rec.messages if "Recompiling" in m or "recompil" in m.lower()]
    return recompiles, seen, opt.param_groups[0]["lr"] is lr_obj, sched


@pytest.mark.slow
def test_tensor_lr_never_recompiles_float_lr_does():
    recompiles, seen, same_obj, sched = _compiled_run(torch.tensor(0.01))
    assert recompiles == [] and same_obj
    assert sched.position == STEPS  # every compiled update was counted by the (dynamo-disabled) hook
    assert len(set(seen)) > 90  # the LR really changed at (almost) every step
    f_recompiles, f_seen, _, _ = _compiled_run(0.01)
    assert len(f_recompiles) >= 1  # a float LR makes dynamo recompile (then go dynamic)
    assert f_seen == pytest.approx(seen, rel=1e-6)

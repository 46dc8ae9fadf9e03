"""Scheduler classes of the project's other modules, for the resume rule (LR040) only.

``from lr_scheduling import CosineWarmupScheduler`` then ``scheduler = CosineWarmupScheduler(optimizer=opt, ...)``:
a class the doctor cannot read, so no rule judges its length or order. But whatever its formula, a scheduler
object built fresh counts its steps from 0, so a resume that continues the epoch count and never restores it
restarts its schedule, as with torch's. Only a class named like a scheduler (``...Scheduler``, ``...LR``,
``Warmup...``, ``...Cosine...``), imported from a module that is not a known library, given an optimizer the
file tracks, and stepped with a bare ``.step()`` in the same function is taken (``step(epoch)`` may set the
position itself, ``step(metric)`` may be a plateau rule).

>>> bool(SCHEDULER_CLASS.search("CosineWarmupScheduler")), bool(SCHEDULER_CLASS.search("ResNet50"))
(True, False)
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from .context import Ctx, StepCall
from .symbols import Obj, classify_call, text, walk_no_defs

if TYPE_CHECKING:  # pragma: no cover
    from .rules import Checker

__all__ = ["project_steps", "SCHEDULER_CLASS"]

SCHEDULER_CLASS = re.compile(r"Sched|Schedule|LR$|^Warmup|Cosine|Poly(nomial)?LR|Decay")
_LIBRARIES = ("torch", "transformers", "timm", "lightning", "pytorch_lightning", "deepspeed", "diffusers", "lrkit",
              "keras", "tensorflow", "tf", "optax", "accelerate", "mmcv", "mmengine", "detectron2", "fairseq", "apex",
              "pl_bolts", "warmup_scheduler", "pytorch_transformers", "pytorch_pretrained_bert", "torch_optimizer",
              "flax", "jax", "paddle", "mindspore", "allennlp", "ignite", "composer", "fastai", "catalyst")


def project_steps(chk: "Checker") -> list[StepCall]:
    """``.step()`` calls on schedulers built from an imported project class, with the loops around them."""
    loops = {}
    for lp in chk.m.loops:
        loops.setdefault(id(lp.node), lp)
    out: list[StepCall] = []
    for n in chk.m.nodes:
        if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.value, ast.Call)
                and isinstance(n.targets[0], (ast.Name, ast.Attribute))):
            continue
        call = n.value
        q = chk.m.imports.qual(call.func) or ""
        last = q.rsplit(".", 1)[-1]
        if not q or q.split(".", 1)[0] in _LIBRARIES or not last[:1].isupper() or not SCHEDULER_CLASS.search(last) \
                or classify_call(call, chk.m.imports, chk.m.classes) is not None:
            continue
        fn = chk.m.enclosing_function(n)
        home = fn if fn is not None else chk.m.tree
        scope = chk.m.scope_at(n)
        o = Obj("scheduler", last, "project", call, name=text(n.targets[0]), scope=scope)
        opt = chk.optimizer_of(o)
        if opt is None or opt.kind != "optimizer":
            continue
        for c in walk_no_defs(home):
            # a bare `.step()`: `step(epoch)` or `step(metric)` may set the position (or a plateau's state) itself
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func.attr == "step" \
                    and text(c.func.value) == o.name and not c.args and not c.keywords:
                path, p = [], chk.m.parents.get(id(c))
                while p is not None and p is not home:
                    if id(p) in loops:
                        path.append(loops[id(p)])
                    p = chk.m.parents.get(id(p))
                out.append(StepCall(o, c, Ctx(scope), path=tuple(reversed(path))))
    return out



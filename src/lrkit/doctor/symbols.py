"""What names hold: imports, scopes, constants, and tracked optimizer/scheduler/loader/model objects.

Everything here reads the AST only; nothing is imported or executed. (Just over 400 lines on purpose: the name
tables (schedulers, optimizers, factories and their signatures) and the scope/object model they serve belong
together; split, every rule module would import both halves.)
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Iterator

# positional parameter names of the constructors we read (torch 2.x order, last_epoch included)
TORCH_SCHEDULERS: dict[str, tuple[str, ...]] = {
    "CosineAnnealingLR": ("optimizer", "T_max", "eta_min", "last_epoch"),
    "StepLR": ("optimizer", "step_size", "gamma", "last_epoch"),
    "MultiStepLR": ("optimizer", "milestones", "gamma", "last_epoch"),
    "ExponentialLR": ("optimizer", "gamma", "last_epoch"),
    "LinearLR": ("optimizer", "start_factor", "end_factor", "total_iters", "last_epoch"),
    "ConstantLR": ("optimizer", "factor", "total_iters", "last_epoch"),
    "PolynomialLR": ("optimizer", "total_iters", "power", "last_epoch"),
    "OneCycleLR": ("optimizer", "max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start", "anneal_strategy",
                   "cycle_momentum", "base_momentum", "max_momentum", "div_factor", "final_div_factor",
                   "three_phase", "last_epoch"),
    "SequentialLR": ("optimizer", "schedulers", "milestones", "last_epoch"),
    "ChainedScheduler": ("schedulers", "optimizer"),
    "ReduceLROnPlateau": ("optimizer", "mode", "factor", "patience"),
    "CosineAnnealingWarmRestarts": ("optimizer", "T_0", "T_mult", "eta_min", "last_epoch"),
    "CyclicLR": ("optimizer", "base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma",
                 "scale_fn", "scale_mode", "cycle_momentum", "base_momentum", "max_momentum", "last_epoch"),
    "LambdaLR": ("optimizer", "lr_lambda", "last_epoch"),
    "MultiplicativeLR": ("optimizer", "lr_lambda", "last_epoch"),
}
HF_SCHEDULERS: dict[str, tuple[str, ...]] = {
    "get_linear_schedule_with_warmup": ("optimizer", "num_warmup_steps", "num_training_steps"),
    "get_cosine_schedule_with_warmup": ("optimizer", "num_warmup_steps", "num_training_steps", "num_cycles"),
    "get_cosine_with_hard_restarts_schedule_with_warmup": ("optimizer", "num_warmup_steps",
                                                           "num_training_steps", "num_cycles"),
    "get_polynomial_decay_schedule_with_warmup": ("optimizer", "num_warmup_steps", "num_training_steps"),
    "get_constant_schedule": ("optimizer",),
    "get_constant_schedule_with_warmup": ("optimizer", "num_warmup_steps"),
    "get_inverse_sqrt_schedule": ("optimizer", "num_warmup_steps"),
    "get_wsd_schedule": ("optimizer", "num_warmup_steps", "num_decay_steps", "num_training_steps"),
    "get_scheduler": ("name", "optimizer", "num_warmup_steps", "num_training_steps"),
    # pytorch_transformers / transformers 2.x / pytorch_pretrained_bert classes
    "WarmupLinearSchedule": ("optimizer", "warmup_steps", "t_total"),
    "WarmupCosineSchedule": ("optimizer", "warmup_steps", "t_total", "cycles"),
    "WarmupCosineWithHardRestartsSchedule": ("optimizer", "warmup_steps", "t_total", "cycles"),
    "WarmupConstantSchedule": ("optimizer", "warmup_steps"),
    "ConstantLRSchedule": ("optimizer",),
}
_BOLTS_WARMUP_COSINE = ("optimizer", "warmup_epochs", "max_epochs", "warmup_start_lr", "eta_min")
HF_MODULES = ("transformers.", "pytorch_transformers.", "pytorch_pretrained_bert.", "diffusers.")
_DIFFUSERS_GET_SCHEDULER = ("name", "optimizer", "step_rules", "num_warmup_steps", "num_training_steps")
# the warmup and the whole-run argument of each warmup factory
HF_WARMUP_ARGS = {"num_warmup_steps": "num_training_steps", "warmup_steps": "t_total"}
TORCH_OPTIMIZERS = {"SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam",
                    "LBFGS", "SparseAdam", "ASGD", "Rprop", "Adafactor", "Muon"}
TRANSFORMER_LAYERS = {"Transformer", "TransformerEncoder", "TransformerDecoder", "TransformerEncoderLayer",
                      "TransformerDecoderLayer", "MultiheadAttention"}
_TIMM_VIT = re.compile(r"^(vit|deit|swin|beit|eva|cait|convit|xcit|pvt|twins|levit|mvit|crossvit|tnt)")

# Units are read from where a value comes from (``len(loader) * epochs``, an epoch loop's bound) and from
# names that state a unit of a whole run (``num_epochs``, ``num_training_steps``); never from a name like
# ``step_size`` or ``lr_steps``, which says nothing of the unit it is counted in.
EPOCH_NAME = re.compile(r"(^|_)epochs$|^(max|num|n|nb|total|end|train|last|training)_?(train_|training_)?epoch$|"
                        r"^epoch_?(num|count|total)$|^num_?epochs|^total_?epochs")
STEP_NAME = re.compile(r"^t_total$|^(num_train_optimization_steps|estimated_stepping_batches)$|"
                       r"^(n|num|max|total|train|training|all|tot)_?(train_|training_|optimization_|opt_|update_|"
                       r"global_|optim_)?(steps|iters|iterations|updates|batches|iter|step)$|"
                       r"^(steps|iters|iterations|batches|updates|num_update_steps|num_batches|n_batches)_?per_?epoch$|"
                       r"^(epoch_len|len_epoch|epoch_size|epoch_steps|epoch_iters|iters_epoch|num_batches|n_batches|niter|"
                       r"n_iter|niters)$|^len(gth)?_(train_|training_|tr_)?(data_?)?(loader|dl)$")
WHOLE_RUN = re.compile(r"^(n_|num_|max_|total_|train_|training_|num_training_)*(epochs?|steps|iters|iterations|"
                       r"training_steps|train_steps|updates)$|^estimated_stepping_batches$|^t_total$")
LOADER_WORD = re.compile(r"(^|_)(dl|loader|dataloader|batches)s?$|loader|dataloader|(^|_)epoch_iterator$|"
                         r"(^|_)batch_(iter|iterator|gen|generator)$|^(train|training|tr)_?(iter|iterator|batches|dl)$")
DATASET_WORD = re.compile(r"(^|_)(dataset|datasets|ds|train_set|trainset|train_data|examples|samples|features|"
                          r"train_examples|train_features|x_train|train_x|data)$|dataset")
BATCH_WORD = re.compile(r"batch|bs$|^bsz|_bs$|bsize")
ACCUM_WORD = re.compile(r"accum|accumulat")


def call_arg(call: ast.Call, name: str, pos: int) -> ast.expr | None:
    """The argument ``name`` of ``call``, given by keyword or at position ``pos`` (not a ``*args`` spread).

    >>> text(call_arg(ast.parse("SWALR(opt, swa_lr=0.05)").body[0].value, "swa_lr", 1))
    '0.05'
    """
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return call.args[pos] if len(call.args) > pos and not isinstance(call.args[pos], ast.Starred) else None


def ident(expr: ast.AST | None) -> str | None:
    """The identifier a value is known by: ``epochs``, ``args.epochs`` -> ``epochs``, ``cfg["epochs"]``."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, str):
        return expr.slice.value
    return None


def key_of(expr: ast.AST | None) -> str | None:
    """The tracking key of an assignment target or a reference: ``x`` or ``self.x``."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
        return f"self.{expr.attr}"
    return None


def text(expr: ast.AST | None) -> str:
    return ast.unparse(expr) if expr is not None else "?"


def walk_no_defs(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk`` that does not enter nested functions, lambdas or classes."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(n))


class Imports:
    """Alias -> qualified name, from every import statement in the module."""

    def __init__(self, tree: ast.AST):
        self.alias: dict[str, str] = {}
        self.star: list[str] = []
        self.hf_copies: set[str] = set()   # the file's own copy of a transformers warm-up factory (_hf_copy)
        # names the file defines itself (a function or class of its own, or a module-level assignment)
        self.defined: set[str] = {t.id for st in getattr(tree, "body", []) if isinstance(st, ast.Assign)
                                  for t in st.targets if isinstance(t, ast.Name)}
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(n.name)
                if _hf_copy(n):
                    self.hf_copies.add(n.name)
            elif isinstance(n, ast.Import):
                for a in n.names:
                    if a.asname:
                        self.alias[a.asname] = a.name
                    else:
                        top = a.name.split(".")[0]
                        self.alias[top] = top
            elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
                for a in n.names:
                    if a.name == "*":
                        self.star.append(n.module)
                    else:
                        self.alias[a.asname or a.name] = f"{n.module}.{a.name}"
        self.modules = {q.split(".")[0] for q in self.alias.values()} | {m.split(".")[0] for m in self.star}

    def own_schedulers(self) -> bool:
        """The file imports a scheduler class from outside the libraries the doctor knows (the project's own
        ``from scheduler import CycleScheduler``), whose stepping rules may differ from torch's."""
        known = ("torch", "transformers", "timm", "lightning", "pytorch_lightning", "deepspeed", "diffusers",
                 "pl_bolts", "lrkit", "pytorch_transformers", "accelerate", "schedulefree")
        return any(re.search(r"(Scheduler|LR|Schedule)$", q.rsplit(".", 1)[-1]) and q.split(".")[0] not in known
                   for q in self.alias.values())

    def qual(self, expr: ast.AST) -> str | None:
        if isinstance(expr, ast.Name):
            if expr.id in self.alias:
                return self.alias[expr.id]
            for mod in self.star:
                if _known_in(mod, expr.id):
                    return f"{mod}.{expr.id}"
            return None
        if isinstance(expr, ast.Attribute):
            base = self.qual(expr.value)
            return f"{base}.{expr.attr}" if base else None
        return None


def _hf_copy(node: ast.AST) -> bool:
    """``node`` is a function the file defines under the name of a transformers warm-up factory, with that
    factory's leading parameters in order (``def get_cosine_schedule_with_warmup(optimizer, num_warmup_steps,
    num_training_steps, ...)``) and building a ``LambdaLR``: a copy pasted into the project (held-out set 26), read
    like the original in its run length (:func:`lrkit.doctor.lambdas.copied_factory_length`); the calls still
    go into the copy, whose own code the other rules read. A function of that name with parameters of its own
    (``cfg``, ``warmup_epochs``) is not a copy."""
    sig = HF_SCHEDULERS.get(getattr(node, "name", ""))
    if not isinstance(node, ast.FunctionDef) or sig is None or "num_training_steps" not in sig:
        return False
    params = [a.arg for a in node.args.posonlyargs + node.args.args]
    lead = sig[: sig.index("num_training_steps") + 1]
    return tuple(params[: len(lead)]) == lead and any(
        isinstance(c, ast.Call) and ast.unparse(c.func).rsplit(".", 1)[-1] == "LambdaLR" for c in ast.walk(node))


def _known_in(module: str, name: str) -> bool:
    if module == "torch.optim.lr_scheduler":
        return name in TORCH_SCHEDULERS
    if module == "torch.optim":
        return name in TORCH_OPTIMIZERS
    if module in ("transformers", "transformers.optimization", "pytorch_transformers",
                  "pytorch_transformers.optimization", "diffusers.optimization"):
        return name in HF_SCHEDULERS
    return False


@dataclass
class Obj:
    """A tracked value: an optimizer, scheduler, data loader or model, from its constructor call."""

    kind: str            # "optimizer" | "scheduler" | "loader" | "model"
    cls: str             # short constructor name: "CosineAnnealingLR", "AdamW", "get_scheduler"
    lib: str             # "torch" | "transformers" | "timm" | "lrkit" | "schedulefree" | "local"
    node: ast.AST        # the constructor call (or the reference that made it known)
    name: str = "?"      # the variable it was assigned to
    scope: "Scope | None" = None
    transformer: bool = False
    sig: tuple[str, ...] | None = None          # parameter names of a project's own scheduler class
    via: set[str] = field(default_factory=set)  # who else steps it: "accelerate", "deepspeed", "hf_trainer", ...
    wraps: "Obj | None" = None                  # the scheduler a warmup wrapper hands over to
    bindings: tuple = ()                        # caller objects bound to a factory's parameters

    def arg(self, param: str) -> ast.expr | None:
        """The argument expression given for ``param`` (keyword or positional), or None."""
        call = self.node
        if not isinstance(call, ast.Call):
            return None
        for kw in call.keywords:
            if kw.arg == param:
                return kw.value
        sig = self.sig or TORCH_SCHEDULERS.get(self.cls) or HF_SCHEDULERS.get(self.cls) or ("optimizer",)
        if self.kind == "optimizer":
            sig = ("params", "lr")
        if self.lib == "lrkit":
            sig = ("optimizer", "schedule")
        if param in sig:
            i = sig.index(param)
            if i < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: i + 1]):
                return call.args[i]
        return None

    @property
    def desc(self) -> str:
        return f"{self.cls} `{self.name}`"


@dataclass
class Scope:
    """A module or function body: its single-assignment constants and tracked objects."""

    node: ast.AST
    parent: "Scope | None"
    assigns: dict[str, list[ast.expr]] = field(default_factory=dict)
    objs: dict[str, Obj] = field(default_factory=dict)
    params: list[str] = field(default_factory=list)
    # a parameter given one argument by the file's only call of the function: (that argument, the caller's scope)
    passed: dict[str, tuple[ast.expr, "Scope"]] = field(default_factory=dict)

    def value_of(self, name: str) -> ast.expr | None:
        """The one expression assigned to ``name`` here (or in the enclosing scope when not assigned here);
        for a parameter, the argument of the function's one call in the file."""
        if name in self.assigns:
            vals = self.assigns[name]
            return vals[0] if len(vals) == 1 else None
        if name in self.params:
            return self.passed[name][0] if name in self.passed else None
        return self.parent.value_of(name) if self.parent else None

    def scope_of_value(self, name: str) -> "Scope":
        if name in self.params and name not in self.assigns and name in self.passed:
            return self.passed[name][1]
        if name in self.assigns or name in self.params or not self.parent:
            return self
        return self.parent.scope_of_value(name)


def classify_call(call: ast.AST, imports: Imports, local_classes: dict[str, ast.ClassDef]) -> Obj | None:
    """An :class:`Obj` when ``call`` constructs something the doctor tracks."""
    if not isinstance(call, ast.Call):
        return None
    func = call.func
    q = imports.qual(func) or _unimported(func, imports, local_classes, call)
    last = q.rsplit(".", 1)[-1] if q else (ident(func) or "")
    if q.startswith("torch.optim.lr_scheduler.") and last in TORCH_SCHEDULERS:
        return Obj("scheduler", last, "torch", call)
    if last.startswith("Warmup") and last.endswith("Schedule") and last in HF_SCHEDULERS and not (
            isinstance(func, ast.Name) and func.id in local_classes):
        # pytorch_transformers' classes, also as copied into a project's own utils module
        return Obj("scheduler", last, "transformers", call)
    if q and not q.startswith(HF_MODULES) and last.startswith("get_") and last.endswith("_schedule_with_warmup") \
            and last in HF_SCHEDULERS:
        # transformers' factory as copied into a project's own module (`from schedulers import get_cosine_...`)
        return Obj("scheduler", last, "transformers", call)
    if q.startswith(HF_MODULES) and last in HF_SCHEDULERS:
        sig = _DIFFUSERS_GET_SCHEDULER if q.startswith("diffusers.") and last == "get_scheduler" else None
        return Obj("scheduler", last, "transformers", call, sig=sig)
    if q.startswith("timm.scheduler.") and last[:1].isupper() or q in ("timm.scheduler.create_scheduler",
                                                                       "timm.scheduler.create_scheduler_v2"):
        return Obj("scheduler", last, "timm", call)
    if q.startswith("deepspeed.runtime.lr_schedules.") and last[:1].isupper():
        return Obj("scheduler", last, "deepspeed", call)
    if q.startswith("lrkit.") and last == "LRScheduler":
        return Obj("scheduler", last, "lrkit", call)
    if q.startswith("torch.optim.") and q.count(".") == 2 and last in TORCH_OPTIMIZERS:
        return Obj("optimizer", last, "torch", call)
    if q.startswith("schedulefree.") and last[:1].isupper():
        return Obj("optimizer", last, "schedulefree", call)
    if q.startswith(HF_MODULES + ("bitsandbytes.",)) and last.lower().startswith(("adamw", "adafactor", "bertadam")):
        return Obj("optimizer", last, "transformers", call)
    if last == "DataLoader" and (q.startswith("torch.") or not q):
        return Obj("loader", last, "torch", call)
    if last == "GradualWarmupScheduler" and q and not (isinstance(func, ast.Name) and func.id in local_classes):
        # the `warmup_scheduler` package: total_epoch calls of warmup, then its after_scheduler
        return Obj("scheduler", last, "local", call, sig=("optimizer", "multiplier", "total_epoch", "after_scheduler"))
    if last == "LinearWarmupCosineAnnealingLR" and not (isinstance(func, ast.Name) and func.id in local_classes):
        # Lightning Bolts' warmup + cosine (also copied into projects): its length is max_epochs
        return Obj("scheduler", last, "local", call, sig=_BOLTS_WARMUP_COSINE)
    if isinstance(func, ast.Name) and func.id in local_classes and not q:
        sched = local_scheduler(local_classes[func.id], imports)
        if sched is not None:
            return Obj("scheduler", func.id, "local", call, sig=sched)
    model = _model(call, q, last, imports, local_classes)
    if model is not None:
        return model
    return None


def _unimported(func: ast.AST, imports: Imports, local_classes: dict[str, ast.ClassDef], call: ast.Call) -> str:
    """A fragment (a notebook cell, an excerpt) may use torch without importing it: read
    ``torch.optim.lr_scheduler.StepLR``, ``lr_scheduler.StepLR``, ``optim.SGD`` by their text when the
    first name is not defined otherwise."""
    dotted = ast.unparse(func)
    head = dotted.split(".", 1)[0]
    last = dotted.rsplit(".", 1)[-1]
    if head in imports.alias or head in local_classes or not re.fullmatch(r"[\w.]+", dotted):
        return ""
    if head in imports.defined:
        return ""
    if _hf_factory_call(call, last):
        # transformers' factory called by its well-known name without a visible import (a star import, a name
        # the script relies on from elsewhere): read it as transformers' when the call fits its signature
        return f"transformers.{last}"
    if re.fullmatch(r"(torch\.)?(optim\.)?lr_scheduler\.\w+", dotted) and last in TORCH_SCHEDULERS:
        return f"torch.optim.lr_scheduler.{last}"
    if re.fullmatch(r"(torch\.)?optim\.\w+", dotted) and last in TORCH_OPTIMIZERS:
        return f"torch.optim.{last}"
    return ""


def _hf_factory_call(call: ast.Call, name: str) -> bool:
    """``call`` fits the signature of transformers' warmup factory ``name`` (``get_scheduler``, a name many
    projects use for their own factories, is never read this way)."""
    sig = HF_SCHEDULERS.get(name)
    if sig is None or not (name.startswith("get_") and "_schedule" in name) or not (
            call.args or any(k.arg == "optimizer" for k in call.keywords)):   # all by keyword: `optimizer=` named
        return False
    if "num_warmup_steps" in sig and len(call.args) < 2 and not any(k.arg == "num_warmup_steps" for k in call.keywords):
        return False   # a project's own `get_cosine_schedule_with_warmup(cfg)` of another shape
    return len(call.args) <= len(sig) and not any(isinstance(a, ast.Starred) for a in call.args) \
        and all(k.arg in sig or k.arg == "last_epoch" for k in call.keywords)   # every factory takes last_epoch


def _model(call: ast.Call, q: str, last: str, imports: Imports,
           local_classes: dict[str, ast.ClassDef]) -> Obj | None:
    # transformers: AutoModelForX.from_pretrained(...), BertModel(config), AutoModel.from_config(cfg)
    if isinstance(call.func, ast.Attribute) and call.func.attr in ("from_pretrained", "from_config"):
        base = imports.qual(call.func.value) or ""
        if base.startswith("transformers."):
            return Obj("model", base.rsplit(".", 1)[-1], "transformers", call, transformer=True)
    if q.startswith("transformers.") and (last.endswith("Model") or "For" in last or last.endswith("LMHeadModel")):
        return Obj("model", last, "transformers", call, transformer=True)
    if q.startswith("torch.nn.") and last in TRANSFORMER_LAYERS - {"MultiheadAttention"}:
        return Obj("model", last, "torch", call, transformer=True)
    if q in ("timm.create_model", "timm.models.create_model") and call.args \
            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return Obj("model", call.args[0].value, "timm", call, transformer=bool(_TIMM_VIT.match(call.args[0].value)))
    if isinstance(call.func, ast.Name) and call.func.id in local_classes:
        cls = local_classes[call.func.id]
        if is_transformer_class(cls, imports):
            return Obj("model", cls.name, "local", call, transformer=True)
    return None


_SCHED_BASES = re.compile(r"(LRScheduler|_LRScheduler|Scheduler|LambdaLR|CosineAnnealingLR|StepLR|MultiStepLR|"
                          r"ExponentialLR|OneCycleLR|SequentialLR)$")


def local_scheduler(cls: ast.ClassDef, imports: Imports) -> tuple[str, ...] | None:
    """The ``__init__`` parameters of a project's own scheduler class (one with ``step()``/``get_lr()``, or
    a subclass of a torch scheduler), or None when the class is not a scheduler."""
    methods = {m.name: m for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
    base_names = [(imports.qual(b) or ident(b) or "") for b in cls.bases]
    is_sched = any(_SCHED_BASES.search(b) for b in base_names) or (
        "step" in methods and ("get_lr" in methods or _writes_lr(methods["step"]))
        and bool(re.search(r"lr|sched|warm|poly|decay|cosine|anneal|cycl", cls.name, re.I)))
    if not is_sched or any("Optimizer" in b for b in base_names):
        return None
    init = methods.get("__init__")
    if init is None:
        return ("optimizer",)
    a = init.args
    return tuple(x.arg for x in a.posonlyargs + a.args)[1:]


def _writes_lr(fn: ast.AST) -> bool:
    for n in ast.walk(fn):
        if isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store) and isinstance(n.slice, ast.Constant) \
                and n.slice.value == "lr":
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("get_lr", "_get_lr"):
            return True
    return False


def is_transformer_class(cls: ast.ClassDef, imports: Imports) -> bool:
    """A class whose body builds Transformer layers or which subclasses a transformers model."""
    for b in cls.bases:
        q = imports.qual(b) or ""
        if q.startswith("transformers.") and ("PreTrainedModel" in q or q.endswith("Model")):
            return True
    for n in ast.walk(cls):
        if isinstance(n, ast.Call):
            q = imports.qual(n.func) or ""
            if q.startswith("torch.nn.") and q.rsplit(".", 1)[-1] in TRANSFORMER_LAYERS:
                return True
            if isinstance(n.func, ast.Attribute) and n.func.attr in ("from_pretrained", "from_config") \
                    and (imports.qual(n.func.value) or "").startswith("transformers."):
                return True
    return False

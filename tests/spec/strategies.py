"""Hypothesis strategies: one per registered family, and random ``>>``/``*`` compositions.

``FAMILIES`` maps every serializable spec name to a strategy of valid random
instances. A new family must add its row here: ``test_roundtrip`` fails for a
registered family without one, and for a family parameter no row draws (so new
parameters are covered too; ``FIELDS`` lists what each row draws).

Each row draws keyword arguments (required ones always, the others sometimes)
and calls the family's constructor; draws the family rejects are discarded
(``reject``), so a row only has to produce mostly-valid arguments.
"""

from __future__ import annotations

from typing import Any, Callable

from hypothesis import reject, strategies as st

import lrkit as lk
from lrkit.schedules import Product, Schedule, Sequence
from lrkit.schedules.units import Duration

# ---- values ------------------------------------------------------------------------------


def floats(lo: float | None = None, hi: float | None = None, *, exclude_lo: bool = False,
           exclude_hi: bool = False) -> st.SearchStrategy[float]:
    """Finite floats in a range, with awkward ones (subnormals, 1e16+, many digits) included."""
    return st.floats(min_value=lo, max_value=hi, exclude_min=exclude_lo and lo is not None,
                     exclude_max=exclude_hi and hi is not None, allow_nan=False, allow_infinity=False)


ints = st.integers
fraction = floats(0.0, 1.0)
positive = floats(0.0, 1e6, exclude_lo=True)
non_negative = floats(0.0, 1e6)
absolute_lr = floats(0.0, 10.0)


def _steps(lo: int = 1, hi: int = 10**7) -> st.SearchStrategy[Any]:
    return st.one_of(ints(lo, hi), ints(lo, hi).map(str), ints(lo, hi).map(lambda n: f"{n}steps"),
                     ints(lo, hi).map(lambda n: Duration(float(n), "steps")))


_epochs = floats(0.0, 1e4, exclude_lo=True).map(lambda x: Duration(x, "epochs"))
_percent = floats(0.0, 100.0, exclude_lo=True).map(lambda x: Duration(x, "fraction"))
_epoch_text = ints(1, 1000).map(lambda n: f"{n}ep") | floats(0.0, 1e3, exclude_lo=True).map(
    lambda x: f"{x!r}ep")
_percent_text = ints(1, 100).map(lambda n: f"{n}%")

# token and sample budgets: whole counts, as Duration objects and as text with k/M/B/T and underscores
_count = st.one_of(ints(1, 10**15), ints(1, 999_999).map(lambda n: n * 10**6), ints(1, 10**4).map(lambda n: n * 10**9))
_tokens = _count.map(lambda n: Duration(float(n), "tokens"))
_samples = _count.map(lambda n: Duration(float(n), "samples"))


_count_unit = st.sampled_from(["tok", "sp"])
_budget_text = st.one_of(
    st.builds(lambda n, u: f"{n:_}{u}", ints(1, 10**12), _count_unit),          # 1_000_000tok
    st.builds(lambda n, m, u: f"{n}{m}{u}", ints(1, 999), st.sampled_from("kMBT"), _count_unit),  # 375Mtok
    st.builds(lambda n, u: f"{n / 10:g}B{u}", ints(1, 10**4), _count_unit),   # 1.5Btok
)

#: any valid duration, in every form the constructors take
duration = st.one_of(_steps(), _epochs, _percent, _epoch_text, _percent_text, _tokens, _samples, _budget_text)


def durations(min_size: int = 1, max_size: int = 5) -> st.SearchStrategy[Any]:
    """Strictly increasing durations of one unit, as a list or a tuple."""
    def of(unit: str, values: list) -> list:
        if unit == "steps":
            return [int(v) for v in values]
        return [Duration(float(v), unit) for v in values]

    steps = st.lists(ints(1, 10**6), min_size=min_size, max_size=max_size, unique=True).map(sorted)
    eps = st.lists(floats(0.0, 1e4, exclude_lo=True), min_size=min_size, max_size=max_size,
                   unique=True).map(sorted)
    pct = st.lists(floats(0.0, 100.0, exclude_lo=True), min_size=min_size, max_size=max_size,
                   unique=True).map(sorted)
    counts = st.lists(_count, min_size=min_size, max_size=max_size, unique=True).map(sorted)
    lists = st.one_of(steps.map(lambda v: of("steps", v)), eps.map(lambda v: of("epochs", v)),
                      pct.map(lambda v: of("fraction", v)), counts.map(lambda v: of("tokens", v)),
                      counts.map(lambda v: of("samples", v)))
    return lists | lists.map(tuple)


# ---- families ----------------------------------------------------------------------------

#: spec name -> the parameters its row draws (the round-trip test checks every field is here).
FIELDS: dict[str, set[str]] = {}


def family(cls: type[Schedule], required: tuple[str, ...] = (), *,
           fix: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
           **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Schedule]:
    """Instances of ``cls`` from keyword arguments drawn from ``fields``.

    ``required`` ones are always given, the rest sometimes; ``fix`` may adjust
    the drawn arguments (e.g. keep one of mutually exclusive options). Arguments
    the family rejects are discarded.
    """
    FIELDS.setdefault(cls.name, set()).update(fields)
    optional = {k: v for k, v in fields.items() if k not in required}
    kwargs = st.fixed_dictionaries({k: fields[k] for k in required}, optional=optional)

    @st.composite
    def build(draw: Callable) -> Schedule:
        kw = draw(kwargs)
        if fix is not None:
            kw = fix(kw)
        try:
            return cls(**kw)
        except lk.LRKitError:
            reject()

    return build()


def _one_floor(kw: dict[str, Any]) -> dict[str, Any]:
    """min_lr and min_lr_ratio are exclusive: keep one."""
    if "min_lr" in kw and "min_lr_ratio" in kw:
        del kw["min_lr" if hash(kw["min_lr"]) % 2 else "min_lr_ratio"]
    return kw


def _ordered(lo: str, hi: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def fix(kw: dict[str, Any]) -> dict[str, Any]:
        if lo in kw and hi in kw and kw[lo] > kw[hi]:
            kw[lo], kw[hi] = kw[hi], kw[lo]
        return kw
    return fix


def _compose(*fixes: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def fix(kw: dict[str, Any]) -> dict[str, Any]:
        for f in fixes:
            kw = f(kw)
        return kw
    return fix


def _exponential() -> st.SearchStrategy[Schedule]:
    common = dict(duration=duration, min_lr=absolute_lr)
    gamma = family(lk.exponential, ("gamma",), gamma=floats(0.0, 1.0, exclude_lo=True, exclude_hi=True),
                   **common)
    rate = family(lk.exponential, ("decay_rate", "decay_steps"),
                  decay_rate=floats(0.0, 1.0, exclude_lo=True, exclude_hi=True), decay_steps=duration,
                  staircase=st.booleans(), **common)
    end = family(lk.exponential, ("end_factor",), end_factor=floats(0.0, 1.0, exclude_lo=True, exclude_hi=True),
                 **common)
    growth = family(lk.exponential, ("gamma",), gamma=floats(1.0, 2.0), duration=duration)
    return st.one_of(gamma, rate, end, growth)


def _piecewise() -> st.SearchStrategy[Schedule]:
    @st.composite
    def build(draw: Callable) -> Schedule:
        bounds = draw(durations(1, 5))
        factors = draw(st.lists(floats(0.0, 10.0), min_size=len(bounds) + 1, max_size=len(bounds) + 1))
        kw: dict[str, Any] = {"boundaries": bounds, "factors": factors if draw(st.booleans()) else tuple(factors)}
        if draw(st.booleans()):
            kw["interpolate"] = draw(st.sampled_from(["constant", "linear", "cosine"]))
        return lk.piecewise(**kw)

    FIELDS["piecewise"] = {"boundaries", "factors", "interpolate"}
    return build()


def _inverse_sqrt() -> st.SearchStrategy[Schedule]:
    timescale = family(lk.inverse_sqrt, (), warmup=duration, timescale=duration)
    transformer = family(lk.inverse_sqrt, ("warmup", "d_model"), warmup=duration, d_model=floats(1.0, 1e5),
                         step_offset=ints(0, 10**6))
    return timescale | transformer


def _cyclic() -> st.SearchStrategy[Schedule]:
    common = dict(step_size_up=duration, step_size_down=duration,
                  mode=st.sampled_from(["triangular", "triangular2", "exp_range"]),
                  gamma=floats(0.0, 1.0, exclude_lo=True), scale_mode=st.sampled_from(["cycle", "iterations"]),
                  cycle_momentum=st.booleans(), base_momentum=fraction, max_momentum=fraction)
    fix = _ordered("base_momentum", "max_momentum")
    absolute = family(lk.cyclic, ("base_lr", "max_lr"), fix=_compose(fix, _ordered("base_lr", "max_lr")),
                      base_lr=absolute_lr, max_lr=floats(0.0, 10.0, exclude_lo=True), **common)
    relative = family(lk.cyclic, (), fix=fix, min_factor=fraction, **common)
    FIELDS["cyclic"].add("scale_fn")  # holds Python code: a cyclic with it is not serializable
    return absolute | relative


def _build_families() -> dict[str, st.SearchStrategy[Schedule]]:
    floor = dict(min_lr=absolute_lr, min_lr_ratio=fraction)
    return {
        "constant": family(lk.constant, duration=duration, factor=floats(0.0, 1e3)),
        "clip": family(lk.clip, fix=_ordered("min_lr", "max_lr"), min_lr=absolute_lr,
                       max_lr=floats(0.0, 10.0, exclude_lo=True)),
        "cosine": family(lk.cosine, fix=_one_floor, duration=duration, num_cycles=floats(0.0, 4.0, exclude_lo=True),
                         **floor),
        "warmup": family(lk.warmup, ("duration",), duration=duration, start_factor=floats(0.0, 1.0, exclude_lo=True),
                         mode=st.sampled_from(["linear", "exponential"])),
        "step": family(lk.step, ("step_size",), step_size=duration, gamma=floats(0.0, 2.0, exclude_lo=True)),
        "multistep": family(lk.multistep, ("milestones",), milestones=durations(),
                            gamma=floats(0.0, 2.0, exclude_lo=True)),
        "exponential": _exponential(),
        "linear": family(lk.linear, duration=duration, start_factor=floats(0.0, 10.0), end_factor=floats(0.0, 10.0)),
        "poly": family(lk.poly, fix=_one_floor, duration=duration, power=floats(0.0, 10.0, exclude_lo=True),
                       cycle=st.booleans(), **floor),
        "inverse_time": family(lk.inverse_time, ("decay_rate",), decay_rate=positive, decay_steps=duration,
                               staircase=st.booleans()),
        "tanh": family(lk.tanh, fix=_compose(_one_floor, _ordered("lb", "ub")), duration=duration,
                       lb=floats(-20.0, 20.0), ub=floats(-20.0, 20.0), **floor),
        "piecewise": _piecewise(),
        "cyclic": _cyclic(),
        "restarts": family(lk.restarts, ("period",), fix=_one_floor, period=duration, period_mult=floats(1.0, 4.0),
                           decay=floats(0.0, 1.0, exclude_lo=True), limit=ints(1, 100),
                           k_decay=floats(0.0, 4.0, exclude_lo=True), **floor),
        "onecycle": family(lk.onecycle, fix=_ordered("base_momentum", "max_momentum"), duration=duration,
                           max_lr=floats(0.0, 10.0, exclude_lo=True), pct_start=floats(0.0, 0.5, exclude_lo=True,
                                                                                       exclude_hi=True),
                           anneal_strategy=st.sampled_from(["cos", "linear"]), div_factor=floats(1.0, 1e4),
                           final_div_factor=floats(1.0, 1e5), three_phase=st.booleans(),
                           cycle_momentum=st.booleans(), base_momentum=fraction, max_momentum=fraction),
        "inverse_sqrt": _inverse_sqrt(),
        "wsd": family(lk.wsd, fix=_one_floor, duration=duration, warmup=duration, decay=duration,
                      decay_type=st.sampled_from(["linear", "cosine", "1-sqrt", "sqrt"]),
                      warmup_type=st.sampled_from(["linear", "cosine", "1-sqrt", "sqrt"]),
                      num_cycles=floats(0.0, 4.0, exclude_lo=True), **floor),
        "plateau": _plateau(),
    }


def _plateau() -> st.SearchStrategy[Schedule]:
    if "plateau" not in lk.REGISTRY:  # the controller lands with the PyTorch scheduler
        return st.nothing()
    return family(lk.plateau, **{n: s for n, s in _PLATEAU_FIELDS.items()})


_PLATEAU_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "mode": st.sampled_from(["min", "max"]),
    "factor": floats(0.0, 1.0, exclude_hi=True),
    "patience": ints(0, 1000),
    "threshold": floats(0.0, 1.0),
    "threshold_mode": st.sampled_from(["rel", "abs"]),
    "cooldown": ints(0, 1000),
    "min_lr": absolute_lr | st.lists(absolute_lr, min_size=1, max_size=4) | st.lists(
        absolute_lr, min_size=1, max_size=4).map(tuple),
    "eps": floats(0.0, 1e-3),
}

FAMILIES: dict[str, st.SearchStrategy[Schedule]] = {
    k: v for k, v in _build_families().items() if k in lk.REGISTRY}


def serializable_families() -> list[str]:
    """Registered spec names whose class can be written as text (all but ``lambda_``)."""
    return sorted(n for n, c in lk.REGISTRY.items() if c.serializable is not False)


# ---- compositions ------------------------------------------------------------------------

leaves: st.SearchStrategy[Schedule] = st.one_of(*FAMILIES.values())


def _combine(children: st.SearchStrategy[Schedule]) -> st.SearchStrategy[Schedule]:
    def seq(parts: list[Schedule]) -> Schedule:
        out = parts[0]
        for p in parts[1:]:
            out = out >> p
        return out

    def prod(parts: list[Schedule | float]) -> Schedule:
        out = parts[0]
        for p in parts[1:]:
            out = out * p
        return out  # type: ignore[return-value]

    leading = children.filter(lambda s: s.length is not None)
    seqs = st.tuples(st.lists(leading, min_size=1, max_size=3), children).map(lambda ab: seq([*ab[0], ab[1]]))
    prods = st.lists(children | floats(0.0, 100.0), min_size=2, max_size=3).filter(
        lambda ps: any(isinstance(p, Schedule) for p in ps)).map(prod)
    return seqs | prods


#: any schedule: a family or a nest of ``>>`` and ``*`` of them
schedules: st.SearchStrategy[Schedule] = st.recursive(leaves, _combine, max_leaves=6)

__all__ = ["FAMILIES", "FIELDS", "schedules", "leaves", "duration", "durations", "floats",
           "serializable_families", "Sequence", "Product"]

"""The search space of :func:`lrkit.experiments.tune`: spec templates with placeholders, and their ranges.

A *template* is spec text with placeholders where values are to be searched,
and each placeholder gets a *range*:

- ``NAME=?`` (a keyword value) is the placeholder ``NAME``;
  ``?NAME`` names one explicitly (for positional values, or a keyword that
  appears twice: ``warmup(?w) >> cosine``); the same ``?NAME`` twice ties
  the two values together.
- ``; lr=?`` after the spec searches the run's base LR (passed to
  ``train_fn(..., lr=…)``, as in :func:`lrkit.compare`).

Ranges (``--param NAME=RANGE`` on the command line):

========================  ===============================================
``LOW:HIGH``              float, uniform (``pct_start=0.1:0.5``)
``LOW:HIGH:log``          float, log-uniform (``max_lr=1e-3:1:log``)
``LOW:HIGH:STEP``         float on a grid (``pct_start=0.1:0.5:0.05``)
``LOW..HIGH``             integer, both ends included (``patience=1..10``)
``LOW..HIGH:log|:STEP``   integer, log-uniform or on a grid
``2ep:8ep``, ``1%..10%``  a duration: the same unit (``ep``, ``%``,
                          ``steps``) on both ends, float or integer range
``A|B|C``                 one of these spec texts (``cos|linear``)
========================  ===============================================

The sampled values are written into the text before the core parser sees it
(as ``auto`` is for comparisons), so every trial records the exact spec it
trained and the best one is ordinary spec text.

>>> t = Template.parse("warmup(?w) >> onecycle(max_lr=?, pct_start=?)")
>>> t.names
('w', 'max_lr', 'pct_start')
>>> t.fill({"w": "3ep", "max_lr": "0.3", "pct_start": "0.25"})
'warmup(3ep) >> onecycle(max_lr=0.3, pct_start=0.25)'
>>> str(Param.parse("max_lr=1e-3:1:log")), str(Param.parse("w=1ep..5ep")), str(Param.parse("m=cos|linear"))
('max_lr=0.001:1:log', 'w=1ep..5ep', 'm=cos|linear')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..errors import LRKitError
from ..schedules.units import fmt_number
from .specs import Entry, has_auto, unquoted

__all__ = ["Param", "Template", "search_space"]

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_PH_RE = re.compile(r"\?(?P<name>[A-Za-z_][A-Za-z0-9_]*)?")
_KW_BEFORE_RE = re.compile(rf"(?P<kw>{_NAME})\s*=\s*$")
_NUM = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_INT = r"[+-]?[0-9]+"
_UNIT = r"(?:ep|%|steps?)"
_FLOAT_RANGE_RE = re.compile(rf"^(?P<lo>{_NUM})\s*(?P<u1>{_UNIT})?\s*:\s*(?P<hi>{_NUM})\s*(?P<u2>{_UNIT})?"
                             rf"(?:\s*:\s*(?P<extra>\S+))?$")
_INT_RANGE_RE = re.compile(rf"^(?P<lo>{_INT})\s*(?P<u1>{_UNIT})?\s*\.\.\s*(?P<hi>{_INT})\s*(?P<u2>{_UNIT})?"
                           rf"(?:\s*:\s*(?P<extra>\S+))?$")
_RANGE_HELP = ("write LOW:HIGH (float), LOW:HIGH:log, LOW:HIGH:STEP, LOW..HIGH (integer, ends included), "
               "LOW..HIGH:log, or A|B|C (choices); durations take a unit on both ends (2ep:8ep, 1%..10%)")


# ---- the search space ---------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    """The range of one placeholder: ``kind`` ``"float"``, ``"int"`` or ``"choice"``.

    ``low``/``high`` (both included), ``log`` (log-uniform), ``step`` (a grid),
    ``unit`` (``""``, ``"ep"``, ``"%"`` or ``"steps"``, written after the
    value), ``choices`` (spec texts). Build one with :meth:`parse`.

    >>> p = Param.parse("pct_start = 0.1:0.5:0.05")
    >>> p.kind, p.low, p.high, p.step, p.log
    ('float', 0.1, 0.5, 0.05, False)
    >>> p.text(0.25), Param.parse("w=2ep..10ep").text(3)
    ('0.25', '3ep')
    >>> Param.parse("max_lr=0:1:log")
    Traceback (most recent call last):
    ...
    lrkit.errors.LRKitError: tune: --param max_lr=0:1:log: a log range needs LOW > 0, got LOW=0
    """

    name: str
    kind: str
    low: float | int | None = None
    high: float | int | None = None
    log: bool = False
    step: float | int | None = None
    unit: str = ""
    choices: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str, name: str | None = None) -> "Param":
        """Parse ``"NAME=RANGE"`` (or ``RANGE`` alone with ``name=``)."""
        if not isinstance(text, str):
            raise LRKitError(f"tune: a parameter range must be text like 'max_lr=1e-3:1:log', got {text!r}")
        raw = text
        if name is None:
            m = re.match(rf"^\s*({_NAME})\s*=(.*)$", text, re.S)
            if not m:
                raise LRKitError(f"tune: --param {text!r}: write NAME=RANGE, e.g. max_lr=1e-3:1:log")
            name, text = m.group(1), m.group(2)
        where = f"tune: --param {name}={text.strip()}"
        body = text.strip()
        if not body:
            raise LRKitError(f"{where}: the range is empty; {_RANGE_HELP}")
        if "|" in body:
            choices = tuple(c.strip() for c in body.split("|"))
            if any(not c for c in choices):
                raise LRKitError(f"{where}: a choice is empty (A|B|C takes non-empty spec texts)")
            if len(set(choices)) != len(choices):
                raise LRKitError(f"{where}: a choice is listed twice")
            if any("?" in c for c in choices):
                raise LRKitError(f"{where}: a choice may not hold a placeholder '?'")
            return cls(name, "choice", choices=choices)
        m = _INT_RANGE_RE.match(body)
        kind = "int"
        if not m:
            m = _FLOAT_RANGE_RE.match(body)
            kind = "float"
        if not m:
            raise LRKitError(f"{where}: not a range ({raw.strip()!r}); {_RANGE_HELP}")
        u1, u2 = _unit(m.group("u1")), _unit(m.group("u2"))
        if u1 != u2:
            raise LRKitError(f"{where}: both ends need the same unit, got {u1 or 'none'!r} and {u2 or 'none'!r}")
        if kind == "float" and u1 == "steps":
            raise LRKitError(f"{where}: steps are whole numbers: write an integer range LOW..HIGH")
        conv = int if kind == "int" else float
        low, high = conv(m.group("lo")), conv(m.group("hi"))
        for v in (low, high):
            if not math.isfinite(v):
                raise LRKitError(f"{where}: the ends must be finite numbers")
        if not low < high:
            raise LRKitError(f"{where}: LOW must be < HIGH, got {fmt_number(low)} >= {fmt_number(high)}")
        if u1 and low <= 0:
            raise LRKitError(f"{where}: a duration must be > 0, got LOW={fmt_number(low)}{u1}")
        log, step = False, None
        extra = m.group("extra")
        if extra is not None:
            if extra == "log":
                log = True
                if low <= 0:
                    raise LRKitError(f"{where}: a log range needs LOW > 0, got LOW={fmt_number(low)}")
            elif re.fullmatch(_INT if kind == "int" else _NUM, extra):
                step = conv(extra)
                if not step > 0:
                    raise LRKitError(f"{where}: STEP must be > 0, got {extra}")
                if step > high - low:
                    raise LRKitError(f"{where}: STEP {extra} is larger than the range {fmt_number(high - low)}")
            else:
                raise LRKitError(f"{where}: after LOW:HIGH comes ':log' or ':STEP' (a number), got {extra!r}")
        return cls(name, kind, low, high, log, step, u1)

    def __str__(self) -> str:
        if self.kind == "choice":
            return f"{self.name}=" + "|".join(self.choices)
        sep = ".." if self.kind == "int" else ":"
        extra = ":log" if self.log else f":{fmt_number(self.step)}" if self.step is not None else ""
        return f"{self.name}={fmt_number(self.low)}{self.unit}{sep}{fmt_number(self.high)}{self.unit}{extra}"

    def text(self, value: Any) -> str:
        """The spec text of a sampled ``value`` (floats to 6 significant digits, then the unit)."""
        if self.kind == "choice":
            return str(value)
        if self.kind == "int":
            return f"{int(value)}{self.unit}"
        return fmt_number(float(f"{float(value):.6g}")) + self.unit

    def suggest(self, trial) -> str:
        """Sample a value with Optuna's ``trial.suggest_*``; return its spec text."""
        if self.kind == "choice":
            return self.text(trial.suggest_categorical(self.name, list(self.choices)))
        if self.kind == "int":
            return self.text(trial.suggest_int(self.name, self.low, self.high, step=self.step or 1, log=self.log))
        return self.text(trial.suggest_float(self.name, self.low, self.high, step=self.step, log=self.log))

    def corners(self) -> list[tuple[str, str]]:
        """(spec text, what it is) of the values every search must accept: both ends, or each choice."""
        if self.kind == "choice":
            return [(c, f"the choice {c!r}") for c in self.choices]
        hi = self.high
        if self.step is not None:  # the grid's last point
            hi = self.low + math.floor((self.high - self.low) / self.step + 1e-9) * self.step
        return [(self.text(self.low), "the low end of its range"), (self.text(hi), "the high end of its range")]


def _unit(u: str | None) -> str:
    return "" if not u else "steps" if u.startswith("step") else u


@dataclass(frozen=True)
class Template:
    """Spec text with placeholders (``max_lr=?``, ``?NAME``); :meth:`fill` writes values in.

    ``names``: the placeholders in order of first appearance.
    """

    text: str
    spans: tuple[tuple[int, int, str], ...] = field(repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for _, _, n in self.spans))

    @classmethod
    def parse(cls, text: Any) -> "Template":
        """Find the placeholders of ``text``; errors name the column."""
        if not isinstance(text, str) or not text.strip():
            raise LRKitError(f"tune: the schedule template must be spec text with placeholders, got {text!r}")
        text = text.strip()
        if has_auto(text):
            raise LRKitError(f"tune: {text!r}: 'auto' is for lrkit compare; in a search give the value a "
                             "placeholder and a range (max_lr=? with --param max_lr=1e-3:1:log)")
        blank = unquoted(text)
        spans: list[tuple[int, int, str]] = []
        anonymous: dict[str, int] = {}
        for m in _PH_RE.finditer(blank):
            end = m.end()
            if end < len(blank) and re.match(r"[A-Za-z0-9_.]", blank[end]):
                raise LRKitError(f"tune: bad placeholder at column {m.start() + 1} of {text!r}: "
                                 "write ? after a keyword (max_lr=?) or ?NAME (a letter, then letters, digits, _)")
            name = m.group("name")
            if name is None:
                kw = _KW_BEFORE_RE.search(blank[:m.start()])
                if kw is None:
                    raise LRKitError(f"tune: the placeholder at column {m.start() + 1} of {text!r} has no keyword: "
                                     "write NAME=? or name it ?NAME")
                name = kw.group("kw")
                anonymous[name] = anonymous.get(name, 0) + 1
                if anonymous[name] > 1:
                    raise LRKitError(f"tune: {name}=? appears twice in {text!r}: name each ?NAME "
                                     "(or write the same ?NAME twice to tie the values)")
            spans.append((m.start(), end, name))
        if not spans:
            raise LRKitError(f"tune: {text!r} has no placeholder: mark each value to search with "
                             "NAME=? or ?NAME (onecycle(max_lr=?)) and give its range with --param")
        return cls(text, tuple(spans))

    def fill(self, values: Mapping[str, str]) -> str:
        """The text with each placeholder replaced by ``values[name]`` (spec text)."""
        missing = [n for n in self.names if n not in values]
        if missing:
            raise LRKitError(f"tune: no value for placeholder {missing[0]!r}")
        out, last = [], 0
        for start, end, name in self.spans:
            out.append(self.text[last:start])
            out.append(str(values[name]))
            last = end
        out.append(self.text[last:])
        return "".join(out)


def _params(params: Any) -> dict[str, Param]:
    """``{name: Param}`` from ``["NAME=RANGE", …]``, ``{name: "RANGE" | Param}`` or Params."""
    if isinstance(params, (str, Param)):
        params = [params]
    items: list[Param] = []
    if isinstance(params, Mapping):
        for k, v in params.items():
            if isinstance(v, Param):
                if v.name != k:
                    raise LRKitError(f"tune: params[{k!r}] is a Param named {v.name!r}")
                items.append(v)
            else:
                items.append(Param.parse(v, name=str(k)) if isinstance(v, str) else Param.parse(v))
    elif isinstance(params, Iterable):
        for v in params:
            items.append(v if isinstance(v, Param) else Param.parse(v))
    else:
        raise LRKitError(f"tune: params must be 'NAME=RANGE' texts or a dict of ranges, got {params!r}")
    out: dict[str, Param] = {}
    for p in items:
        if p.name in out:
            raise LRKitError(f"tune: --param {p.name} is given twice")
        out[p.name] = p
    return out


def resolve(text: str) -> tuple[str, float | None, Any]:
    """(spec, base LR or None, parsed schedule) of filled-in template text."""
    from ..spec.parser import parse

    entry = Entry.parse(text)
    if entry.needs_auto:  # pragma: no cover - Template.parse refuses auto
        raise LRKitError(f"tune: {text!r}: 'auto' is not supported in a search")
    spec, lr = entry.resolve(None)
    return spec, lr, parse(spec)


def search_space(template: Any, params: Any) -> tuple[Template, dict[str, Param]]:
    """Check a template against its ranges; return them parsed.

    Every placeholder needs a range and every range a placeholder; the spec
    must parse with each parameter at both ends of its range (or with each
    choice), the others at their low end, so a search never starts on a
    space that cannot run.

    >>> t, p = search_space("onecycle(max_lr=?, pct_start=?)", ["max_lr=1e-3:1:log", "pct_start=0.1:0.5"])
    >>> t.names, list(p)
    (('max_lr', 'pct_start'), ['max_lr', 'pct_start'])
    >>> search_space("onecycle(max_lr=?)", ["max_lr=0.01:1", "warm=1..5"])
    Traceback (most recent call last):
    ...
    lrkit.errors.LRKitError: tune: --param warm matches no placeholder in 'onecycle(max_lr=?)' (its placeholders: max_lr)
    """
    tpl = Template.parse(template)
    ps = _params(params)
    for n in tpl.names:
        if n not in ps:
            raise LRKitError(f"tune: placeholder {n!r} in {tpl.text!r} has no range: add --param {n}=LOW:HIGH "
                             "(or LOW..HIGH, LOW:HIGH:log, A|B|C)")
    for n in ps:
        if n not in tpl.names:
            raise LRKitError(f"tune: --param {n} matches no placeholder in {tpl.text!r} "
                             f"(its placeholders: {', '.join(tpl.names)})")
    base = {n: ps[n].corners()[0][0] for n in tpl.names}
    for n in tpl.names:
        for value, what in ps[n].corners():
            text = tpl.fill({**base, n: value})
            try:
                resolve(text)
            except LRKitError as e:
                why = str(e).splitlines()[0]  # a SpecError's caret lines point into the filled-in text: drop them
                raise LRKitError(f"tune: with {n}={value} ({what}) the spec {text!r} is invalid: {why}") from None
    return tpl, ps

"""The spec language: a tokenizer and a recursive-descent parser (never ``eval``).

(Over 400 lines on purpose: the tokenizer and the parser share the column-carrying error
and the grammar below, and the fuzz tests read this one file to check that nothing in
it evaluates its input. The checks the parser shares with ``from_dict`` live in
:mod:`lrkit.spec.build`.)

Grammar (whitespace between tokens is ignored)::

    spec  := seq END
    seq   := prod ('>>' prod)*            a >> b: b gets the rest of the run
    prod  := atom ('*' atom)*             a * b: b applied to a's LR
    atom  := NUMBER                       0.5 -> constant(factor=0.5)
           | call
           | '(' seq ')'
    call  := NAME [ '(' [args] ')' ]      a family without arguments may drop the ()
    args  := arg (',' arg)* [',']
    arg   := [NAME '='] value             positional ones first, in the family's order
    value := NUMBER [UNIT]                1e-5, -3, 30ep, 2.5 ep, 5%, 100steps, 375Mtok, 50ksp
                                          (UNIT: ep % step(s), or [k|M|B|T](tok|sp); NUMBER may
                                          hold underscores between digits: 1_000_000tok)
           | NAME                         an enum-like word: cos, linear, min
           | true | false | none | inf | nan
           | STRING                       'text' or "text" (backslash escapes the next char)
           | '[' [value (',' value)* [',']] ']'

The schedule is built with the same ``>>`` and ``*`` operators Python code uses,
so ``parse(text)`` equals the value built in Python, and ``parse(str(s)) == s``.
Every error is an :class:`lrkit.SpecError` carrying the 1-based column.

>>> import lrkit as lk
>>> s = lk.parse("warmup(5%) >> cosine(min_lr=1e-5)")
>>> s == lk.warmup("5%") >> lk.cosine(min_lr=1e-5)
True
>>> str(lk.parse(" 0.5*( warmup( 2ep )>>cosine ) "))
'constant(factor=0.5) * (warmup(2ep) >> cosine)'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..errors import LRKitError, SpecError
from ..schedules.base import Schedule
from ..schedules.combinators import Product, Sequence
from ..schedules.registry import REGISTRY
from ..schedules.units import Duration, count_value
from .build import BuildError, build, check_params, family, param_names

__all__ = ["parse", "Token", "tokenize", "MAX_DEPTH", "MAX_LENGTH"]

#: deepest nesting of parentheses/brackets accepted (keeps recursion bounded).
MAX_DEPTH = 64
#: longest spec text accepted, in characters.
MAX_LENGTH = 100_000
_MAX_NUMBER_CHARS = 400

_WORDS = {"true": True, "false": False, "none": None, "inf": math.inf, "nan": math.nan}
_UNIT_NAMES = {"ep": "epochs", "%": "fraction", "step": "steps", "steps": "steps", "tok": "tokens",
               "sp": "samples"}

_DIGITS = r"[0-9](?:_?[0-9])*"  # underscores between digits, as in Python: 1_000_000
_NUMBER_RE = re.compile(rf"(?:{_DIGITS}(?:\.(?:{_DIGITS})?)?|\.{_DIGITS})(?:[eE][+-]?[0-9]+)?")
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# a unit right after a number: '%', 'ep' or a count ('Mtok', 'sp'; optionally after spaces), 'step(s)' attached
_UNIT_RE = re.compile(r"[ \t\r\n]*(%|ep(?![A-Za-z0-9_])|([kMBT])?(tok|sp)(?![A-Za-z0-9_]))"
                      r"|(steps?)(?![A-Za-z0-9_])")
_PUNCT = {">>": "'>>'", "*": "'*'", "(": "'('", ")": "')'", ",": "','", "=": "'='",
          "[": "'['", "]": "']'", "-": "'-'"}


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is NUMBER, NAME, STRING, END or the punctuation itself."""

    kind: str
    text: str
    col: int  # 1-based
    value: Any = None  # NUMBER: int/float; STRING: str; with unit: the unit name
    unit: str | None = None

    def describe(self) -> str:
        if self.kind == "END":
            return "the end of the spec"
        if self.kind == "STRING":
            return f"the string {self.text}"
        if self.kind == "NUMBER":
            return f"the number {self.text}"
        if self.kind == "NAME":
            return f"{self.text!r}"
        return f"'{self.text}'"


def _show(text: str) -> str:
    """The text for the caret line: one line, same length (tabs/newlines as spaces)."""
    return "".join(" " if ch in "\t\r\n\v\f" else ch for ch in text)


class _Fail(Exception):
    """Internal: an error at a column (turned into SpecError with the text)."""

    def __init__(self, message: str, col: int):
        super().__init__(message)
        self.message = message
        self.col = col


def tokenize(text: str) -> list[Token]:
    """Split spec ``text`` into tokens (ending with an END token).

    >>> [t.text for t in tokenize("warmup(5 %) >> cosine")]
    ['warmup', '(', '5 %', ')', '>>', 'cosine', '']
    """
    try:
        return list(_tokenize(text))
    except _Fail as f:
        raise SpecError(f.message, text=_show(text), column=f.col) from None


def _tokenize(text: str) -> Iterator[Token]:
    """Tokens one at a time, so an error further on does not hide one earlier in the text."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        col = i + 1
        if ch in " \t\r\n":
            i += 1
            continue
        if text.startswith(">>", i):
            yield Token(">>", ">>", col)
            i += 2
            continue
        if ch in "*(),=[]-":
            yield Token(ch, ch, col)
            i += 1
            continue
        if ch == ">":
            raise _Fail("'>' on its own: the sequence operator is '>>'", col)
        m = _NUMBER_RE.match(text, i)
        if m:
            num_text = m.group(0)
            if len(num_text) > _MAX_NUMBER_CHARS:
                raise _Fail(f"number too long ({len(num_text)} characters)", col)
            j = m.end()
            unit = None
            u = _UNIT_RE.match(text, j)
            mult = None
            if u:
                unit = _UNIT_NAMES[u.group(3) or u.group(1) or u.group(4)]
                mult = u.group(2)
                j = u.end()
            elif j < n and text[j] == ".":
                raise _Fail(f"malformed number {text[i:j + 1]!r}", col)
            elif j < n and (text[j].isalnum() or text[j] == "_"):
                k = j
                while k < n and (text[k].isalnum() or text[k] in "_."):
                    k += 1
                raise _Fail(f"unknown unit {text[j:k]!r} after {num_text}; write 'ep' (epochs), "
                            "'%' (of the run) or no unit (steps); for a budget 'tok' (tokens) or 'sp' "
                            "(samples), with an optional k, M, B or T before them ('375Mtok')", j + 1)
            if unit in ("tokens", "samples"):
                value: Any = count_value(num_text, mult)
            elif "." in num_text or "e" in num_text or "E" in num_text:
                value = float(num_text)
            else:
                value = int(num_text)
            yield Token("NUMBER", text[i:j], col, value, unit)
            i = j
            continue
        m = _NAME_RE.match(text, i)
        if m:
            yield Token("NAME", m.group(0), col)
            i = m.end()
            continue
        if ch in "'\"":
            j = i + 1
            chars = []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                chars.append(text[j])
                j += 1
            if j >= n:
                raise _Fail(f"unterminated string: no closing {ch} for the one at column {col}", col)
            yield Token("STRING", text[i:j + 1], col, "".join(chars))
            i = j + 1
            continue
        raise _Fail(f"unexpected character {ch!r}; a spec is built from names, numbers, "
                    "'(', ')', ',', '=', '[', ']', '>>' and '*'", col)
    yield Token("END", "", n + 1)


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self._stream = _tokenize(text)
        self.toks: list[Token] = []
        self.pos = 0
        self.depth = 0

    # ---- token helpers -------------------------------------------------------------
    def peek(self, k: int = 0) -> Token:
        """The token ``k`` places ahead (reading the text only as far as needed)."""
        while len(self.toks) <= self.pos + k:
            if self.toks and self.toks[-1].kind == "END":
                return self.toks[-1]
            self.toks.append(next(self._stream))
        return self.toks[self.pos + k]

    @property
    def tok(self) -> Token:
        return self.peek()

    def take(self) -> Token:
        t = self.peek()
        if t.kind != "END":
            self.pos += 1
        return t

    def expect(self, kind: str, what: str) -> Token:
        t = self.tok
        if t.kind != kind:
            raise _Fail(f"expected {what}, found {t.describe()}", t.col)
        return self.take()

    def enter(self, col: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Fail(f"nested too deeply (more than {MAX_DEPTH} levels)", col)

    # ---- grammar -------------------------------------------------------------------
    def spec(self) -> Schedule:
        if self.tok.kind == "END":
            raise _Fail("empty spec: write a schedule, e.g. 'warmup(5%) >> cosine'", self.tok.col)
        s = self.seq()
        t = self.tok
        if t.kind != "END":
            hint = " (separate schedules with '>>' or '*')" if t.kind in ("NAME", "NUMBER", "(") else ""
            raise _Fail(f"unexpected {t.describe()}; expected '>>', '*' or the end of the spec{hint}", t.col)
        return s

    def seq(self) -> Schedule:
        # flattened and built once, the value a chain of Python '>>' builds, in linear time
        first = self.prod()
        parts = list(_flat(Sequence, first))
        joined = False
        while self.tok.kind == ">>":
            op = self.take()
            if parts[-1].length is None:  # nothing can follow it: the combinator's own message
                try:
                    Sequence((parts[-1], parts[-1]))
                except LRKitError as e:
                    raise _Fail(str(e), op.col) from None
            parts.extend(_flat(Sequence, self.prod()))
            joined = True
        return Sequence(tuple(parts)) if joined else first

    def prod(self) -> Schedule:
        first = self.atom()
        parts = list(_flat(Product, first))
        joined = False
        while self.tok.kind == "*":
            self.take()
            parts.extend(_flat(Product, self.atom()))
            joined = True
        return Product(tuple(parts)) if joined else first

    def atom(self) -> Schedule:
        t = self.tok
        if t.kind == "(":
            self.take()
            self.enter(t.col)
            s = self.seq()
            self.depth -= 1
            close = self.tok
            if close.kind != ")":
                raise _Fail(f"expected ')' to close the '(' at column {t.col}, found {close.describe()}",
                            close.col)
            self.take()
            return s
        if t.kind == "NUMBER" or t.kind == "-":
            v, unit, shown = self.number()
            if unit is not None:
                raise _Fail(f"a duration ({shown}) cannot stand alone; give it to a family, "
                            "e.g. constant(5ep)", t.col)
            return self.build(REGISTRY["constant"], {"factor": v}, t.col)
        if t.kind == "NAME":
            return self.call()
        if t.kind == "END":
            raise _Fail("the spec ends where a schedule is expected", t.col)
        raise _Fail(f"expected a schedule (a name like 'cosine', a number, or '('), found {t.describe()}",
                    t.col)

    def number(self) -> tuple[Any, str | None, str]:
        """A NUMBER token with an optional leading '-': (value, unit or None, text)."""
        if self.tok.kind == "-":
            minus = self.take()
            if self.tok.kind == "NAME" and self.tok.text.lower() in ("inf", "nan"):
                word = self.take().text
                return -_WORDS[word.lower()], None, "-" + word
            if self.tok.kind != "NUMBER":
                raise _Fail(f"expected a number after '-', found {self.tok.describe()}", minus.col)
            t = self.take()
            return -t.value, t.unit, "-" + t.text
        t = self.take()
        return t.value, t.unit, t.text

    def call(self) -> Schedule:
        name_tok = self.take()
        name = name_tok.text
        if name not in REGISTRY and name.lower() in _WORDS:
            raise _Fail(f"expected a schedule, found the value {name!r}", name_tok.col)
        try:
            cls = family(name)
        except BuildError as e:
            raise _Fail(str(e), name_tok.col) from None
        names = param_names(cls)
        kwargs: dict[str, Any] = {}
        cols: dict[str, int] = {}  # parameter -> column of its argument
        if self.tok.kind == "(":
            open_tok = self.take()
            self.enter(open_tok.col)
            n_pos = 0
            seen_kw = False
            while self.tok.kind != ")":
                arg_tok = self.tok
                if arg_tok.kind == "NAME" and self.peek(1).kind == "=":
                    key = self.take().text
                    self.take()  # '='
                    try:
                        check_params(cls, [key])
                    except BuildError as e:
                        raise _Fail(str(e), arg_tok.col) from None
                    if key in kwargs:
                        raise _Fail(f"{name}: {key} given twice", arg_tok.col)
                    seen_kw = True
                    cols[key] = arg_tok.col
                    kwargs[key] = self.value()
                else:
                    if arg_tok.kind in ("END", ","):
                        raise _Fail(f"expected an argument or ')', found {arg_tok.describe()}", arg_tok.col)
                    if seen_kw:
                        raise _Fail(f"{name}: a positional argument cannot follow a keyword argument; "
                                    "write it as name=value", arg_tok.col)
                    pos = cls.positional
                    if n_pos >= len(pos):
                        if not pos:
                            msg = f"{name} takes no positional arguments; name them: {', '.join(names)}"
                        else:
                            msg = (f"{name} takes at most {len(pos)} positional argument"
                                   f"{'s' if len(pos) > 1 else ''} ({', '.join(pos)}), got more; "
                                   f"name the others: {', '.join(names)}")
                        raise _Fail(msg, arg_tok.col)
                    cols[pos[n_pos]] = arg_tok.col
                    kwargs[pos[n_pos]] = self.value()
                    n_pos += 1
                if self.tok.kind == ",":
                    self.take()
                elif self.tok.kind != ")":
                    raise _Fail(f"expected ',' or ')' in the arguments of {name}, found {self.tok.describe()}",
                                self.tok.col)
            self.take()  # ')'
            self.depth -= 1
        return self.build(cls, kwargs, name_tok.col, cols)

    def value(self) -> Any:
        t = self.tok
        if t.kind in ("NUMBER", "-"):
            v, unit, shown = self.number()
            if unit is None:
                return v
            if unit in ("steps", "tokens", "samples") and isinstance(v, float) and math.isfinite(v) and v != int(v):
                raise _Fail(f"a number of {unit} must be whole, got {shown}", t.col)
            try:
                return Duration(float(v), unit)
            except OverflowError:  # an int too large for a float
                raise _Fail(f"duration too large: {shown}", t.col) from None
        if t.kind == "STRING":
            return self.take().value
        if t.kind == "NAME":
            self.take()
            if self.tok.kind == "(":
                raise _Fail(f"a schedule ({t.text}(…)) cannot be a parameter value", t.col)
            low = t.text.lower()
            return _WORDS[low] if low in _WORDS else t.text
        if t.kind == "[":
            self.take()
            self.enter(t.col)
            items = []
            while self.tok.kind != "]":
                if self.tok.kind in ("END", ","):
                    raise _Fail(f"expected a value or ']' in the list opened at column {t.col}, "
                                f"found {self.tok.describe()}", self.tok.col)
                items.append(self.value())
                if self.tok.kind == ",":
                    self.take()
                elif self.tok.kind != "]":
                    raise _Fail(f"expected ',' or ']' in the list opened at column {t.col}, "
                                f"found {self.tok.describe()}", self.tok.col)
            self.take()
            self.depth -= 1
            return tuple(items)
        raise _Fail(f"expected a value (a number, a duration like 5ep or 5%, a word, a string or a list), "
                    f"found {t.describe()}", t.col)

    def build(self, cls: type[Schedule], kwargs: dict[str, Any], col: int,
              cols: dict[str, int] | None = None) -> Schedule:
        """The shared builder's ``cls(**kwargs)``; an error points at the argument it names, else at the call."""
        try:
            return build(cls, kwargs)
        except BuildError as e:
            raise _Fail(str(e), (cols or {}).get(e.param or "", col)) from None


def _flat(kind: type, s: Schedule) -> tuple[Schedule, ...]:
    return s.parts if isinstance(s, kind) else (s,)  # type: ignore[attr-defined]


def parse(text: str) -> Schedule:
    """Parse spec ``text`` into a :class:`~lrkit.Schedule` (the inverse of ``str(schedule)``).

    Errors are :class:`lrkit.SpecError` with the 1-based ``column`` of the problem
    and a caret line; unknown names get the nearest known one suggested.

    >>> import lrkit as lk
    >>> lk.parse("warmup(5%) >> cosine(min_lr=1e-5)")
    Schedule('warmup(5%) >> cosine(min_lr=1e-05)')
    >>> try:
    ...     lk.parse("warmup(5%) >> cosin")
    ... except lk.SpecError as e:
    ...     print(e)
    unknown schedule 'cosin' — did you mean 'cosine'?
      warmup(5%) >> cosin
                    ^ (column 15)
    """
    if not isinstance(text, str):
        raise SpecError(f"a spec must be text (e.g. 'warmup(5%) >> cosine'), got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise SpecError(f"spec too long ({len(text)} characters; at most {MAX_LENGTH})")
    try:
        return _Parser(text).spec()
    except _Fail as f:
        err = SpecError(f.message, text=_show(text), column=f.col)
        err.__cause__ = f.__cause__
        err.__suppress_context__ = True
        raise err from f.__cause__

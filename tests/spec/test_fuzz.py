"""Fuzz: ``parse`` and ``from_dict`` only ever raise ``lk.SpecError``, and never run code.

Thousands of random strings, token soups, mutations of valid specs (deleted,
duplicated, swapped characters, inserted tokens, huge numbers, unicode) and
random or mutated dicts. Whatever is accepted must round-trip. An audit hook
records any code execution, import, file or process access during the calls.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math
import random
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import lrkit as lk
from lrkit.spec import parser as parser_module

from .strategies import schedules

# ---- an audit hook: nothing may execute code or touch the system while parsing -------------

_DANGEROUS = ("exec", "compile", "import", "open", "os.", "subprocess.", "socket.", "ctypes.", "shutil.",
              "pickle.", "marshal.", "code.__new__", "function.__new__", "builtins.input", "urllib.", "glob.")
_watch = threading.local()


def _hook(event: str, args: tuple) -> None:
    if getattr(_watch, "on", False) and event.startswith(_DANGEROUS):
        _watch.events.append(event)


sys.addaudithook(_hook)  # hooks cannot be removed; this one only records while _watch.on


def _watched(fn, arg):
    _watch.on, _watch.events = True, []
    try:
        return fn(arg)
    finally:
        _watch.on = False
        assert not _watch.events, f"{fn.__name__}({arg!r}) raised audit events {_watch.events}"


def check_parse(text):
    """parse(text) is a Schedule that round-trips, or a SpecError with a column."""
    try:
        s = _watched(lk.parse, text)
    except lk.SpecError as e:
        if isinstance(text, str) and text.strip() and len(text) <= parser_module.MAX_LENGTH:
            assert e.column is not None and 1 <= e.column <= len(text) + 1, (text, e.column)
        return None
    assert isinstance(s, lk.Schedule)
    assert lk.parse(str(s)) == s, (text, str(s))
    return s


def check_from_dict(d):
    try:
        s = _watched(lk.from_dict, d)
    except lk.SpecError:
        return None
    assert isinstance(s, lk.Schedule)
    assert lk.from_dict(s.to_dict()) == s
    assert lk.parse(str(s)) == s
    return s


_FUZZ = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                                   HealthCheck.data_too_large])

# ---- the vocabulary the mutations draw from -------------------------------------------------

_FIELD_NAMES = sorted({f.name for c in lk.REGISTRY.values() for f in dataclasses.fields(c) if f.init})
TOKENS = [
    ">>", "*", "(", ")", ",", "=", "[", "]", "-", "'", '"', "%", "ep", "steps", ".", "e", "e+", ">", ">>>", "**",
    "((", "))", "0", "-0", "1", "1.5", ".5", "5.", "1e999", "-1e999", "1e-400", "9" * 400, "9" * 5000,
    "1" + "0" * 30, "nan", "inf", "-inf", "true", "false", "none", "None", "True", "é", "ℯ", "🙂", "\x00", "\n",
    "\t", "\\", "\u200b", "\ufeff", "'" + "a" * 50, "__import__('os').system('true')", "__class__", "lambda",
    "lambda_", "lambda_(fn)", "eval", "exec('1')", "seq", "product", "type", "5ep", "5%", "101%", "0ep", "-5%",
    "2.5", "[[[", "]]]", "[30ep, 60ep]", "'cos'", '"linear"', "tok", "sp", "375Mtok", "50ksp", "1_000_000tok",
    "1.5Btok", "0.5tok", "2Ttok", "1e3ksp", "_", "1__0", "5Gtok", "k", "M", "Mtok", "-2Btok", "9" * 30 + "Ttok",
    *lk.REGISTRY, *_FIELD_NAMES, *(f"{n}=" for n in _FIELD_NAMES),
]
_ALPHABET = "abcdefghijklmnopqrstuvwxyz_0123456789.,=()[]*>-+%'\" \t\néℯ🙂\x00\\kMBT"


@st.composite
def token_soup(draw):
    toks = draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12))
    seps = draw(st.lists(st.sampled_from(["", " ", "  ", "\n"]), min_size=len(toks), max_size=len(toks)))
    return "".join(t + s for t, s in zip(toks, seps))


def mutate(text: str, rnd: random.Random, n: int) -> str:
    """``n`` random edits of ``text``: delete, duplicate, swap, insert a token, swap a number, cut."""
    for _ in range(n):
        i = rnd.randrange(len(text) + 1)
        op = rnd.randrange(7)
        if op == 0 and text:  # delete a character
            i = min(i, len(text) - 1)
            text = text[:i] + text[i + 1:]
        elif op == 1 and text:  # duplicate a run of characters
            i = min(i, len(text) - 1)
            j = min(len(text), i + rnd.randint(1, 8))
            text = text[:j] + text[i:j] + text[j:]
        elif op == 2 and len(text) > 1:  # swap two neighbours
            i = min(i, len(text) - 2)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
        elif op == 3:  # insert a token
            text = text[:i] + rnd.choice(TOKENS) + text[i:]
        elif op == 4:  # replace the first number from i on by an extreme one
            for j in range(i, len(text)):
                if text[j].isdigit():
                    k = j
                    while k < len(text) and (text[k].isdigit() or text[k] in ".e-+"):
                        k += 1
                    text = text[:j] + rnd.choice(["1e999", "0", "9" * 400, "1e-320", "-1", "4.9e-324",
                                                  "123456789012345678901234567890"]) + text[k:]
                    break
        elif op == 5:  # cut the text short
            text = text[:i]
        else:  # a random character
            text = text[:i] + rnd.choice(_ALPHABET) + text[i:]
    return text


@st.composite
def mutated_specs(draw):
    text = str(draw(schedules))
    seed = draw(st.integers(0, 2**32 - 1))
    return mutate(text, random.Random(seed), draw(st.integers(1, 4)))


# ---- strings ---------------------------------------------------------------------------------

@settings(max_examples=1000, **_FUZZ)
@given(st.text(alphabet=_ALPHABET, max_size=60) | st.text(max_size=40))
def test_random_text(text):
    check_parse(text)


@settings(max_examples=500, **_FUZZ)
@given(token_soup())
def test_token_soup(text):
    check_parse(text)


@settings(max_examples=300, **_FUZZ)
@given(mutated_specs())
def test_mutated_valid_specs(text):
    check_parse(text)


_CORPUS = ["warmup(5%) >> cosine(min_lr=1e-5)", "onecycle(100, max_lr=0.1, anneal_strategy=linear)",
           "(warmup(2ep) >> step(30ep, gamma=0.1)) * clip(max_lr=1)", "multistep([30ep, 60ep], gamma=0.1)",
           "piecewise([10, 20], [1, 0.5, 0.1], interpolate=linear)", "0.5 * cosine(50%) >> wsd",
           "cyclic(4, 8, base_lr=0.001, max_lr=0.1, mode=exp_range, gamma=0.99)",
           "restarts(10ep, period_mult=2, limit=3) * plateau(patience=5)", "plateau(min_lr=[0.1, 0.2])",
           "inverse_sqrt(4000, d_model=512)", "exponential(gamma=0.99)", "tanh(lb=-5, ub=3)",
           "poly(100, power=2, cycle=true)", "warmup(10, mode=exponential, start_factor=0.01) >> linear(90)",
           "constant(5ep, factor=0.1) >> cosine(num_cycles=0.5)", "inverse_time(decay_rate=0.5, decay_steps=10)",
           "wsd(warmup=5%, decay=10%, decay_type='1-sqrt', min_lr=1e-6)", "step(30ep)"]


def test_many_seeded_mutations():
    """Volume without hypothesis' overhead: 5,000 seeded mutations of a fixed set of specs."""
    rnd = random.Random(1234)
    accepted = 0
    for i in range(5000):
        text = mutate(rnd.choice(_CORPUS), rnd, rnd.randint(1, 5))
        accepted += check_parse(text) is not None
    assert 0 < accepted < 5000  # the mutations reach both outcomes


@pytest.mark.slow
def test_many_more_seeded_mutations():
    """100,000 seeded mutations of random valid specs (about 10 s)."""
    rnd = random.Random(99)
    base = [str(s) for s in (lk.parse(t) for t in _CORPUS)]
    for _ in range(100_000):
        check_parse(mutate(rnd.choice(base), rnd, rnd.randint(1, 6)))


def test_non_text_inputs():
    for bad in (None, 0, 1.5, b"cosine", bytearray(b"x"), ["cosine"], {"type": "cosine"}, object(), lk.cosine()):
        with pytest.raises(lk.SpecError):
            lk.parse(bad)


def test_extremes():
    for text in ("(" * 100_000, "[" * 5000, "cosine(" + "[" * 5000, "cosine" + " * cosine" * 5000,
                 "warmup(1) >> " * 3000 + "cosine", "9" * 100_000, "'" * 100_001, "cosine(min_lr=" + "9" * 4400 + ")",
                 "cosine(min_lr=1" + "0" * 350 + ")", "constant(factor=1" + "0" * 308 + ")",
                 "cosine(min_lr=0." + "0" * 390 + "1)", "\x00", "\ud800", "cosine\x00", "cos\u0131ne"):
        check_parse(text)


def test_parser_never_calls_eval():
    """The parser's source calls none of eval, exec, compile, __import__, literal_eval, getattr on input."""
    tree = ast.parse(inspect.getsource(parser_module))
    calls = [n.func for n in ast.walk(tree) if isinstance(n, ast.Call)]
    names = {f.id for f in calls if isinstance(f, ast.Name)}
    attrs = {f.attr for f in calls if isinstance(f, ast.Attribute)}
    assert not names & {"eval", "exec", "compile", "__import__", "getattr", "setattr", "globals", "locals", "vars",
                        "open"}
    assert not attrs & {"literal_eval", "import_module", "system", "popen", "loads"}


def test_code_in_a_spec_has_no_effect(tmp_path):
    marker = tmp_path / "ran"
    payloads = [f"__import__('os').system('touch {marker}')", f"cosine(min_lr=__import__('os').system('touch {marker}'))",
                f"cosine(min_lr=open('{marker}','w'))", f"warmup(5) >> exec(\"open('{marker}','w')\")",
                "cosine.__class__.__init__.__globals__", "cosine(min_lr=1).__reduce__()"]
    for p in payloads:
        with pytest.raises(lk.SpecError):
            _watched(lk.parse, p)
        with pytest.raises(lk.SpecError):
            _watched(lk.from_dict, {"type": "cosine", "min_lr": p})
    assert not marker.exists()


# ---- dicts -----------------------------------------------------------------------------------

_scalars = (st.none() | st.booleans() | st.integers() | st.integers(-10**400, 10**400) | st.floats()
            | st.text(max_size=12) | st.sampled_from(["5ep", "5%", "-5%", "cos", "linear", "min", "1e999", "nan",
                                                      "375Mtok", "50ksp", "0.5tok", "1_0tok", "5Gtok"]))
junk = st.recursive(_scalars, lambda c: st.lists(c, max_size=4) | st.dictionaries(
    st.text(max_size=8) | st.sampled_from(["type", "parts", *_FIELD_NAMES]), c, max_size=4), max_leaves=12)
_names = st.sampled_from([*lk.REGISTRY, "seq", "product", "cosin", "", "lambda_"])


@st.composite
def mutated_dicts(draw):
    d = draw(schedules).to_dict()

    def edit(node, depth=0):
        if isinstance(node, dict):
            node = dict(node)
            op = draw(st.integers(0, 6))
            keys = list(node)
            if op == 0 and keys:
                node.pop(draw(st.sampled_from(keys)))
            elif op == 1 and keys:
                node[draw(st.sampled_from(keys))] = draw(junk)
            elif op == 2:
                node[draw(st.sampled_from(["type", "parts", *_FIELD_NAMES, "bogus"]))] = draw(junk)
            elif op == 3:
                node["type"] = draw(_names)
            elif op == 4 and isinstance(node.get("parts"), list) and node["parts"]:
                parts = list(node["parts"])
                k = draw(st.integers(0, len(parts) - 1))
                parts[k] = edit(parts[k], depth + 1)
                node["parts"] = parts
            elif op == 5 and keys:
                node[draw(st.sampled_from(keys))] = draw(_scalars)
            return node
        return draw(junk)

    for _ in range(draw(st.integers(1, 3))):
        d = edit(d)
    return d


@settings(max_examples=300, **_FUZZ)
@given(mutated_dicts())
def test_mutated_dicts(d):
    check_from_dict(d)


@settings(max_examples=300, **_FUZZ)
@given(junk | st.fixed_dictionaries({"type": _names}, optional={"parts": junk, "duration": junk, "min_lr": junk,
                                                                    "gamma": junk, "milestones": junk}))
def test_random_junk_dicts(d):
    check_from_dict(d)


def test_deeply_nested_dicts():
    d = {"type": "cosine"}
    for _ in range(5000):
        d = {"type": "product", "parts": [d, {"type": "constant"}]}
    with pytest.raises(lk.SpecError, match="nested too deeply"):
        lk.from_dict(d)
    check_from_dict({"type": "seq", "parts": [{"type": "warmup", "duration": math.inf}, {"type": "cosine"}]})
    check_from_dict({"type": "multistep", "milestones": [[1, 2], {"a": 1}]})
    check_from_dict({"type": "cosine", 1: 2})

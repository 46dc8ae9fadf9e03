"""The corpus: every script declares its exact findings with `# expect: LRxxx` on the finding's line."""

from __future__ import annotations

import ast
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from lrkit.diagnostics import RULES
from lrkit.doctor import check_file

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted([*CORPUS.glob("*.py"), *CORPUS.glob("*.ipynb")])
_EXPECT = re.compile(r"#.*\bexpect:\s*(LR\d{3}(?:\s*,\s*LR\d{3})*)")
STATIC = [c for c, r in RULES.items() if "static" in r.where]


def _sources(path: Path) -> list[tuple[int | None, str]]:
    """(cell, text) for a notebook's code cells; (None, text) for a script."""
    if path.suffix != ".ipynb":
        return [(None, path.read_text())]
    cells = json.loads(path.read_text())["cells"]
    return [(i, "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for i, c in enumerate(cells, 1) if c["cell_type"] == "code"]


def expected(path: Path) -> set[tuple]:
    """``(code, line)`` for a script, ``(code, cell, line)`` for a notebook, from the `# expect:` marks."""
    out = set()
    for cell, src in _sources(path):
        for i, line in enumerate(src.splitlines(), 1):
            m = _EXPECT.search(line)
            if m:
                out |= {(c.strip(), i) if cell is None else (c.strip(), cell, i) for c in m.group(1).split(",")}
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_gives_exactly_its_expected_findings(path):
    got = {(f.code, f.line) if f.cell is None else (f.code, f.cell, f.line) for f in check_file(path, select=set(RULES))}
    assert got == expected(path)


def test_right_files_expect_nothing_and_wrong_files_expect_something():
    for p in FILES:
        if "_right" in p.name:
            assert expected(p) == set(), p.name
        elif "_wrong" in p.name:
            assert expected(p), p.name


def _cases(path: Path) -> int:
    """Cases in a file: its top-level functions and classes (or 1 for a flat script or a notebook)."""
    if path.suffix == ".ipynb":
        return 1
    tree = ast.parse(path.read_text())
    n = sum(isinstance(s, (ast.FunctionDef, ast.ClassDef)) for s in tree.body)
    return n or 1


def test_every_static_rule_has_two_wrong_and_two_right_cases():
    wrong = Counter(e[0] for p in FILES for e in expected(p))
    right = Counter()
    for p in FILES:
        m = re.search(r"(lr\d{3})(_[a-z0-9_]+)?_right", p.name)
        if m:
            right[m.group(1).upper()] += _cases(p)
    for code in STATIC:
        assert wrong[code] >= 2, f"{code}: {wrong[code]} wrong cases"
        assert right[code] >= 2, f"{code}: {right[code]} right cases"


def test_findings_carry_why_and_fix():
    for p in FILES:
        for f in check_file(p):
            assert f.why and f.fix and f.message and "\n" not in f.message
            assert f.severity == RULES[f.code].severity
            assert f.col >= 1


def test_lr001_message_names_the_argument_and_batches():
    (f,) = check_file(CORPUS / "lr001_wrong_plain.py")
    assert f.message == ("CosineAnnealingLR `scheduler` is sized in epochs (T_max=epochs) but stepped every "
                         "batch: its whole schedule is spent after 30 batches")
    assert "T_max=epochs * len(train_loader)" in f.fix


def test_lr006_message_says_which_way_it_is_off():
    a, b = check_file(CORPUS / "lr006_wrong.py")
    assert "milestone 1000" in a.message and "total_iters=500" in a.message and "flat for 500 steps" in a.message
    assert "jumps to the peak at step 2, 3 steps before" in b.message


def test_lr018_for_the_hf_trainer_says_it_steps_per_update():
    (f,) = check_file(CORPUS / "real_lr018_hf_trainer_samples_wrong.py")
    assert "the HF Trainer steps it once per optimizer update" in f.message and "per batch" not in f.message
    (w,) = check_file(CORPUS / "real_lr018_warmup_examples_loop_wrong.py")
    assert "warmup of `num_warmup_steps=num_warmup`" in w.message and "stepped once per batch" in w.message

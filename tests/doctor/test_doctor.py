"""check_paths / check_file / check: noqa, select/ignore, notebooks, directories, reading files as Python does,
bad input as error entries, and `lrkit.doctor` keeping its type."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lrkit as lk
from lrkit.doctor import DoctorInputError, check, check_file, check_paths, check_source, parse_codes

CORPUS = Path(__file__).parent / "corpus"
SRC_DIR = Path(__file__).resolve().parents[2] / "src"

SRC = """\
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, ReduceLROnPlateau
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
sched = CosineAnnealingLR(opt, T_max=epochs)
plateau = ReduceLROnPlateau(opt)
for epoch in range(epochs):
    for x in loader:
        opt.step()
        sched.step(){noqa1}
    plateau.step(){noqa2}
"""


def codes(findings):
    return [(f.code, f.line) for f in findings]


def test_both_findings_without_noqa():
    assert codes(check_source(SRC.format(noqa1="", noqa2=""))) == [("LR001", 9), ("LR003", 10)]


@pytest.mark.parametrize("noqa1, noqa2, left", [
    ("  # lrkit: noqa", "", [("LR003", 10)]),
    ("  # lrkit: noqa LR001", "", [("LR003", 10)]),
    ("  # lrkit: noqa: LR001", "  # lrkit: noqa LR001", [("LR003", 10)]),
    ("  # lrkit: noqa LR003", "  # lrkit: noqa LR001, LR003", [("LR001", 9)]),
    ("  # noqa", "", [("LR001", 9), ("LR003", 10)]),
])
def test_noqa(noqa1, noqa2, left):
    assert codes(check_source(SRC.format(noqa1=noqa1, noqa2=noqa2))) == left


def test_select_and_ignore():
    src = SRC.format(noqa1="", noqa2="")
    assert codes(check_source(src, select=["LR003"])) == [("LR003", 10)]
    assert codes(check_source(src, ignore="LR003")) == [("LR001", 9)]
    assert codes(check_source(src, select="LR00")) == [("LR001", 9), ("LR003", 10)]
    with pytest.raises(lk.LRKitError, match="unknown rule code 'LR999'"):
        parse_codes("LR001,LR999")


def test_syntax_error_is_a_clear_input_error(tmp_path):
    p = tmp_path / "bad.py"
    p.write_text("for epoch in range(3)\n    pass\n")
    with pytest.raises(DoctorInputError, match=r"bad.py:1:\d+: cannot parse: expected ':'"):
        check_file(p)


def _notebook(cells):
    return {"cells": [{"cell_type": t, "metadata": {}, "source": s, **({"outputs": [], "execution_count": None}
                                                                        if t == "code" else {})}
                      for t, s in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_notebook_code_cells_map_lines_to_cells(tmp_path):
    nb = _notebook([
        ("markdown", "# Training\nwith a bug"),
        ("code", ["%matplotlib inline\n", "import torch\n", "from torch.optim.lr_scheduler import CosineAnnealingLR\n",
                  "!pip list\n"]),
        ("code", "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = CosineAnnealingLR(opt, T_max=num_epochs)"),
        ("code", "for epoch in range(num_epochs):\n    for x, y in train_loader:\n        opt.step()\n"
                 "        sched.step()\n"),
    ])
    p = tmp_path / "train.ipynb"
    p.write_text(json.dumps(nb))
    (f,) = check_file(p)
    assert (f.code, f.cell, f.line, f.col) == ("LR001", 4, 4, 9)
    assert str(f).startswith(f"{p}:cell 4:4:9: LR001 ")


def test_notebook_syntax_error_names_the_cell(tmp_path):
    p = tmp_path / "nb.ipynb"
    p.write_text(json.dumps(_notebook([("code", "x = 1"), ("code", "y = (")])))
    with pytest.raises(DoctorInputError, match=r"nb.ipynb:cell 2:1:"):
        check_file(p)


def test_directory_is_walked_and_lazy_entry_point(tmp_path):
    shutil.copy(CORPUS / "lr003_wrong.py", tmp_path / "a.py")
    (tmp_path / "sub").mkdir()
    shutil.copy(CORPUS / "lr010_wrong.py", tmp_path / "sub" / "b.py")
    (tmp_path / ".venv").mkdir()
    shutil.copy(CORPUS / "lr010_wrong.py", tmp_path / ".venv" / "ignored.py")
    (tmp_path / "notes.txt").write_text("not python")
    found = lk.doctor.check_paths(tmp_path)
    assert sorted((Path(f.path).name, f.code) for f in found) == [
        ("a.py", "LR003"), ("a.py", "LR003"), ("b.py", "LR010"), ("b.py", "LR010")]
    assert check_paths([tmp_path], select="LR010") == [f for f in found if f.code == "LR010"]


def test_missing_path_is_an_input_error(tmp_path):
    with pytest.raises(DoctorInputError, match="no such file or directory"):
        check_paths([tmp_path / "nope.py"])


def test_never_runs_the_checked_script(tmp_path):
    p = tmp_path / "boom.py"
    p.write_text("raise SystemExit('executed!')\nimport torch\n")
    assert check_file(p) == []


def test_verbose_notes_say_what_could_not_be_determined():
    notes: list[str] = []
    assert check_file(CORPUS / "dynamic_right.py", notes=notes) == []
    check_source((CORPUS / "dynamic_right.py").read_text(), "dyn.py", notes=notes)
    assert any("could not determine whether `sched.step()` runs per batch or per epoch" in n for n in notes)


# --- reading files as Python does, and notebooks as nbformat defines them ---------------------------------

PLATEAU = ("import torch\n"
           "sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"
           "for epoch in range(3):\n"
           "    sched.step()\n")


def test_coding_cookie_latin1_is_read_as_python_reads_it(tmp_path):
    p = tmp_path / "latin.py"
    p.write_bytes(("# -*- coding: latin-1 -*-\n" "title = 'entraînement à 10 époques'\n" + PLATEAU).encode("latin-1"))
    with pytest.raises(UnicodeDecodeError):
        p.read_text(encoding="utf-8")   # what the doctor did before: exit 2 on valid Python
    compile(p.read_bytes(), str(p), "exec")   # the interpreter accepts it
    assert codes(check_file(p)) == [("LR003", 6)]


def test_utf8_bom_is_read(tmp_path):
    p = tmp_path / "bom.py"
    p.write_bytes(b"\xef\xbb\xbf" + PLATEAU.encode())
    assert codes(check_file(p)) == [("LR003", 4)]


def test_columns_count_characters_not_bytes(tmp_path):
    # ast counts UTF-8 bytes; the doctor reports characters (SARIF columnKind unicodeCodePoints)
    src = PLATEAU.replace("    sched.step()", "    é = 1; sched.step()")
    (f,) = check_source(src, "t.py")
    assert (f.line, f.col) == (4, 12) and src.splitlines()[3][f.col - 1:].startswith("sched.step()")


def test_undecodable_file_is_an_input_error(tmp_path):
    p = tmp_path / "bad.py"
    p.write_bytes(b"x = '\xff\xfe'\n")
    with pytest.raises(DoctorInputError, match=r"bad.py: cannot decode: not UTF-8 and no coding declaration.*PEP 263"):
        check_file(p)
    p.write_bytes(b"# coding: utf-8\nx = '\xff\xfe'\n")
    with pytest.raises(DoctorInputError, match=r"bad.py: cannot decode: invalid start byte .*PEP 263"):
        check_file(p)
    p.write_bytes(b"# -*- coding: klingon -*-\nx = 1\n")
    with pytest.raises(DoctorInputError, match=r"bad.py: cannot decode: unknown encoding: klingon$"):
        check_file(p)


def test_null_byte_is_an_input_error_not_a_crash(tmp_path):
    p = tmp_path / "nul.py"
    p.write_bytes(b"x = 1\x00\n")
    with pytest.raises(DoctorInputError, match=r"nul.py:.*cannot parse"):
        check_file(p)


@pytest.mark.parametrize("nb, message", [
    ({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "oops"},
     r"nb.ipynb: not a valid notebook: 'cells' must be a list of cell objects, got str"),
    ({"nbformat": 4, "nbformat_minor": 5, "metadata": {}},
     r"'cells' must be a list of cell objects, got null"),
    ({"nbformat": 4, "metadata": {}, "cells": [{"cell_type": "code", "source": ["x = 1\n"]},
                                               {"cell_type": "code", "metadata": {}}]},
     r"nb.ipynb:cell 2: not a valid notebook: a cell's 'source' must be a string or a list of strings, got null"),
    ({"nbformat": 4, "cells": [{"cell_type": "code", "source": ["x = 1\n", 2]}]},
     r"nb.ipynb:cell 1: .*got list"),
    ({"nbformat": 4, "cells": ["print(1)"]}, r"nb.ipynb:cell 1: .*a cell must be an object with a 'cell_type'"),
    ([1, 2], r"the top level must be a JSON object, got list"),
    ({"cells": []}, r"'nbformat' must be a whole number >= 3, got None"),
    ({"nbformat": 3, "worksheets": "x"}, r"nbformat 3 needs 'worksheets'"),
    ('{"nbformat": 4,\n "cells": [}', r"nb.ipynb:2:\d+: not a valid notebook: not JSON"),
])
def test_invalid_notebook_is_an_error_not_silence(tmp_path, nb, message):
    p = tmp_path / "nb.ipynb"
    p.write_text(nb if isinstance(nb, str) else json.dumps(nb))
    with pytest.raises(DoctorInputError, match=message):
        check_file(p)


def test_nbformat3_notebook_is_read(tmp_path):
    nb = {"nbformat": 3, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "markdown", "source": "# old notebook"},
        {"cell_type": "code", "input": PLATEAU.splitlines(keepends=True), "language": "python"}]}]}
    p = tmp_path / "old.ipynb"
    p.write_text(json.dumps(nb))
    (f,) = check_file(p)
    assert (f.code, f.cell, f.line) == ("LR003", 2, 4)


def test_check_reports_errors_beside_findings(tmp_path):
    (tmp_path / "a.py").write_text(PLATEAU)
    (tmp_path / "b.py").write_text("def f(:\n")
    (tmp_path / "c.ipynb").write_text('{"nbformat": 4, "cells": "oops"}')
    report = check(tmp_path)
    assert codes(report.findings) == [("LR003", 4)]
    assert [(Path(e.path).name, e.line) for e in report.errors] == [("b.py", 1), ("c.ipynb", None)]
    assert report.errors[0].to_dict()["message"].startswith("cannot parse")
    assert len(report.checked) == 3
    with pytest.raises(DoctorInputError, match="b.py:1:"):   # check_paths keeps raising, as before
        check_paths(tmp_path)


def test_lrkit_doctor_is_the_module_on_every_read():
    # a fresh interpreter: the first read goes through lrkit.__getattr__, later ones find the attribute
    code = ("import types, lrkit\n"
            "first = lrkit.doctor\n"
            "import lrkit.doctor.report\n"
            "second = lrkit.doctor\n"
            "assert type(first) is type(second) is types.ModuleType, (type(first), type(second))\n"
            "assert first is second is __import__('sys').modules['lrkit.doctor']\n"
            "assert not callable(first)\n"
            "print(first.check_paths.__module__)\n")
    env = {**os.environ, "PYTHONPATH": str(SRC_DIR) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "lrkit.doctor"
    with pytest.raises(TypeError, match="not callable"):
        lk.doctor([])   # never callable, whatever was imported before


def test_a_checked_folder_follows_functions_imported_from_sibling_modules(tmp_path):
    """`from engine import train_one_epoch`: the per-batch step inside the other file is judged with the
    caller's epoch loop and epoch-sized scheduler, and reported at the other file's line; alone, the script
    has nothing to report, and a second script reaching the same call does not repeat the finding."""
    (tmp_path / "engine.py").write_text(
        "def train_one_epoch(model, loader, optimizer, scheduler):\n"
        "    for x, y in loader:\n"
        "        model(x).sum().backward()\n"
        "        optimizer.step()\n"
        "        scheduler.step()\n")
    script = ("import torch\n"
              "from torch.optim.lr_scheduler import CosineAnnealingLR\n"
              "{imp}\n\n\n"
              "def main(model, train_loader, epochs):\n"
              "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
              "    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)\n"
              "    for epoch in range(epochs):\n"
              "        {call}(model, train_loader, optimizer, scheduler)\n")
    (tmp_path / "train.py").write_text(script.format(imp="from engine import train_one_epoch",
                                                     call="train_one_epoch"))
    (tmp_path / "train_ddp.py").write_text(script.format(imp="import engine", call="engine.train_one_epoch"))
    found = check_paths([tmp_path])
    assert [(Path(f.path).name, f.line, f.code) for f in found] == [("engine.py", 5, "LR001")]
    assert check_paths([tmp_path / "train.py"]) == []


def test_a_sibling_function_that_calls_a_def_nested_in_it_is_followed(tmp_path):
    """A sibling module's function that defines a helper and calls it (the shape that stopped the
    walk with a KeyError on 43 of 3,460 library files): the nested def is followed like the file's own."""
    (tmp_path / "engine.py").write_text(
        "def train_one_epoch(model, loader, optimizer, scheduler):\n"
        "    def one(x):\n"
        "        model(x).sum().backward()\n"
        "        optimizer.step()\n"
        "        scheduler.step()\n"
        "\n"
        "    for x, y in loader:\n"
        "        one(x)\n")
    (tmp_path / "train.py").write_text(
        "import torch\n"
        "from torch.optim.lr_scheduler import CosineAnnealingLR\n"
        "from engine import train_one_epoch\n\n\n"
        "def main(model, train_loader, epochs):\n"
        "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    scheduler = CosineAnnealingLR(optimizer, T_max=epochs)\n"
        "    for epoch in range(epochs):\n"
        "        train_one_epoch(model, train_loader, optimizer, scheduler)\n")
    found = check_paths([tmp_path])   # the nested def steps an epoch-sized cosine on every batch
    assert [(Path(f.path).name, f.line, f.code) for f in found] == [("engine.py", 5, "LR001")]


def test_a_notebook_cell_that_does_not_parse_leaves_the_others_checked(tmp_path):
    """Jupyter runs the cells that parse: the doctor reports the broken cell as an error entry and still
    checks the others (findings ride on the error; `check` reports both)."""
    from lrkit.doctor import check

    nb = _notebook([
        ("code", "import torch\nfrom torch.optim.lr_scheduler import CosineAnnealingLR"),
        ("code", "print((1, 2)\n"),
        ("code", "opt = torch.optim.SGD(model.parameters(), lr=0.1)\nsched = CosineAnnealingLR(opt, T_max=epochs)\n"
                 "for epoch in range(epochs):\n    for x, y in train_loader:\n        opt.step()\n"
                 "        sched.step()\n"),
    ])
    p = tmp_path / "nb.ipynb"
    p.write_text(json.dumps(nb))
    with pytest.raises(DoctorInputError, match=r"nb.ipynb:cell 2:") as info:
        check_file(p)
    assert [(f.code, f.cell, f.line) for f in info.value.findings] == [("LR001", 3, 6)]
    report = check([p])
    assert [e.cell for e in report.errors] == [2] and [(f.code, f.cell) for f in report.findings] == [("LR001", 3)]



def test_an_internal_failure_on_one_file_is_an_error_entry_and_the_others_are_checked(tmp_path, monkeypatch):
    # the analysis itself failing (a shape it cannot follow) must not stop a run over a folder, nor pass silently
    import ast

    from lrkit.doctor import rules

    real_run = rules.Checker.run

    def run(self):
        if any(isinstance(n, ast.Name) and n.id == "trigger_internal_failure" for n in ast.walk(self.m.tree)):
            raise RecursionError("maximum recursion depth exceeded")
        real_run(self)

    monkeypatch.setattr(rules.Checker, "run", run)
    (tmp_path / "a.py").write_text(PLATEAU)
    (tmp_path / "b.py").write_text("trigger_internal_failure = 1\n")
    report = check(tmp_path)
    assert codes(report.findings) == [("LR003", 4)]
    [err] = report.errors
    assert Path(err.path).name == "b.py" and "internal error" in err.reason and "RecursionError" in err.reason

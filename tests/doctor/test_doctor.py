"""check_paths / check_file: noqa, select/ignore, notebooks, directories, unparseable input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import lrkit as lk
from lrkit.doctor import DoctorInputError, check_file, check_paths, check_source, parse_codes

CORPUS = Path(__file__).parent / "corpus"

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
    found = lk.doctor(tmp_path)
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

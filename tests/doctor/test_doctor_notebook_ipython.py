"""Notebooks as Jupyter runs them: IPython syntax in code cells is no parse error, and findings keep their cell lines.

Each notebook is built here (the shapes met in public notebooks, written for these tests): cell magics with
a shell or HTML body, results of shell commands and magics assigned, help with ``?``, a shell command
continued with a backslash, ``%`` and ``!=`` at the start of a line inside brackets (Python, not magics),
and a notebook of another language's kernel.
"""

from __future__ import annotations

import json

import pytest

from lrkit.doctor import DoctorInputError, check, check_file
from lrkit.doctor.ipysyntax import as_python

# an epoch-sized cosine stepped every batch: LR001 at the step, the cell's line 7 (plus any lines put above it)
TRAIN = ("opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
         "sched = CosineAnnealingLR(opt, T_max=10)\n"
         "for epoch in range(10):\n"
         "    for x, y in train_loader:\n"
         "        loss_fn(model(x), y).backward()\n"
         "        opt.step()\n"
         "        sched.step()\n")
IMPORTS = "import torch\nfrom torch.optim.lr_scheduler import CosineAnnealingLR\n"


def _write(tmp_path, cells, metadata=None, name="nb.ipynb"):
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
                    for s in cells],
          "metadata": {} if metadata is None else metadata, "nbformat": 4, "nbformat_minor": 5}
    p = tmp_path / name
    p.write_text(json.dumps(nb))
    return p


def _where(findings):
    return [(f.code, f.cell, f.line, f.col) for f in findings]


@pytest.mark.parametrize("cell", [
    "%%bash\npip install -q timm\nif [ -d data ]; then echo ok; fi\n",
    "%%html\n<b>training</b>\n",
    "\n%%sh\nwget -q https://example.org/data.zip && unzip -q data.zip\n",
    "files = !ls data\ngpu = %env CUDA_VISIBLE_DEVICES\nn, m = !wc -l labels.csv\n",
    "CosineAnnealingLR?\n??torch.optim.SGD\n%timeit?\n",
    "!pip install torch \\\n    torchvision \\\n    timm\nimport os\n",
    "if not os.path.exists('data'):\n    !unzip -q data.zip\n    %cd data\n",
    "msg = ('epoch %d loss %.3f'\n       % (1, 0.5))\nok = (len(a)\n      != len(b))\n",
    '"""Usage:\n%run train.ipynb\n!ls\n"""\n',
    "%%writefile settings.yaml\nepochs: 10\nlr: 0.1\n",
])
def test_ipython_syntax_jupyter_runs_is_no_parse_error(tmp_path, cell):
    p = _write(tmp_path, [IMPORTS, cell, TRAIN])
    assert _where(check_file(p)) == [("LR001", 3, 7, 9)]
    assert not check([p]).errors


def test_a_findings_line_counts_the_cell_magic_line(tmp_path):
    p = _write(tmp_path, [IMPORTS, "%%time\n" + TRAIN, "%%capture\n" + TRAIN.replace("sched", "sched2")])
    assert _where(check_file(p)) == [("LR001", 2, 8, 9), ("LR001", 3, 8, 9)]


def test_an_unknown_cell_magic_with_a_python_body_is_checked(tmp_path):
    # %%writefile train.py: the cell is the script a later `!python train.py` runs
    p = _write(tmp_path, ["%%writefile train.py\n" + IMPORTS + TRAIN, "!python train.py\n"])
    assert _where(check_file(p)) == [("LR001", 1, 10, 9)]


def test_a_syntax_error_under_a_python_cell_magic_is_still_reported(tmp_path):
    p = _write(tmp_path, [IMPORTS, "%%time\nfor epoch in range(3)\n    pass\n", TRAIN])
    with pytest.raises(DoctorInputError, match=r"nb.ipynb:cell 2:2:\d+: cannot parse") as info:
        check_file(p)
    assert _where(info.value.findings) == [("LR001", 3, 7, 9)]


@pytest.mark.parametrize("metadata", [
    {"kernelspec": {"name": "ir", "language": "R", "display_name": "R"}, "language_info": {"name": "R"}},
    {"kernelspec": {"name": "julia-1.10", "language": "julia", "display_name": "Julia"}},
])
def test_a_notebook_of_another_language_has_no_python_to_check(tmp_path, metadata):
    p = _write(tmp_path, ["fit <- function(x) {\n  x + 1\n}\n", "for (i in 1:10) print(i)\n"], metadata)
    assert check_file(p) == []
    assert not check([p]).errors


def test_a_python_kernel_named_in_the_metadata_is_checked(tmp_path):
    meta = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
            "language_info": {"name": "python", "version": "3.11"}}
    p = _write(tmp_path, [IMPORTS, TRAIN], meta)
    assert _where(check_file(p)) == [("LR001", 2, 7, 9)]


def test_as_python_keeps_one_line_for_each_line():
    cell = ["%%bash", "echo a \\", "  b", "x = 1"]
    assert as_python(cell) == ["pass", "", "", ""]
    cell = ["x = !ls \\", "   -la", "print(x)", "s = ('%s'", "% x)", "y?"]
    assert as_python(cell) == ["x = get_ipython()", "", "print(x)", "s = ('%s'", "% x)", "pass"]


def test_a_pyspark_kernel_is_python(tmp_path):
    # sparkmagic's PySpark kernel names its language "pyspark" and its MIME type text/x-python
    meta = {"kernelspec": {"name": "pysparkkernel", "language": "python", "display_name": "PySpark"},
            "language_info": {"name": "pyspark", "mimetype": "text/x-python", "pygments_lexer": "python3"}}
    p = _write(tmp_path, [IMPORTS, TRAIN], meta)
    assert _where(check_file(p)) == [("LR001", 2, 7, 9)]

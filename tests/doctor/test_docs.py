"""docs/doctor.md: every rule's `# wrong:` example gives exactly that rule, every `# right:` one none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lrkit.diagnostics import RULES
from lrkit.doctor import check_source

DOC = Path(__file__).resolve().parents[2] / "docs" / "doctor.md"
BLOCKS = re.findall(r"```python\n# (wrong|right): (LR\d{3})\n(.*?)```", DOC.read_text(), re.S)

TORCH_NAMES = ("CosineAnnealingLR", "LinearLR", "OneCycleLR", "ReduceLROnPlateau", "SequentialLR")
HF_NAMES = ("AutoModelForSequenceClassification", "get_linear_schedule_with_warmup")


def header_for(body: str) -> str:
    """The imports a snippet uses (and only those: an unused scheduler import is itself a signal to the doctor)."""
    torch_names = [n for n in TORCH_NAMES if re.search(rf"\b{n}\b", body)]
    hf_names = [n for n in HF_NAMES if re.search(rf"\b{n}\b", body)]
    return "".join([
        "import schedulefree\n" if "schedulefree." in body else "",
        "import lightning as L\n" if "L.LightningModule" in body else "",
        "import torch\n",
        f"from torch.optim.lr_scheduler import {', '.join(torch_names)}\n" if torch_names else "",
        f"from transformers import {', '.join(hf_names)}\n" if hf_names else "",
    ])


@pytest.mark.parametrize("kind, code, body", BLOCKS, ids=[f"{c}-{k}" for k, c, _ in BLOCKS])
def test_doc_example(kind, code, body):
    header = header_for(body)
    found = {f.code for f in check_source(header + body, "doc.py", select=set(RULES))}
    assert found == ({code} if kind == "wrong" else set())


def test_every_static_rule_has_a_wrong_and_a_right_example():
    static = {c for c, r in RULES.items() if "static" in r.where}
    assert {c for k, c, _ in BLOCKS if k == "wrong"} == static
    assert {c for k, c, _ in BLOCKS if k == "right"} == static
    for code in RULES:
        assert f"| {code} |" in DOC.read_text()

"""The advisor's reasons cite the sections of docs/evidence.md they rest on, and those sections exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lrkit as lk
from lrkit.advisor.evidence import SECTIONS, see
from lrkit.advisor.rules import Reason
from lrkit.cli import main
from lrkit.errors import LRKitError
from lrkit.experiments.evidence_claims import CLAIMS

ROOT = Path(__file__).resolve().parents[2]


def _cited(rec) -> set[str]:
    return {a for r in rec.reasons for a in r.evidence}


def test_the_sections_are_the_claims_of_the_evidence_registry():
    assert set(SECTIONS) == {c.name for c in CLAIMS}


def test_every_cited_section_is_on_the_generated_page():
    page = (ROOT / "docs" / "evidence.md").read_text()
    for name in SECTIONS:
        assert f'<a id="{name}"></a>' in page, name


def test_a_reason_names_its_evidence_section_in_its_text():
    r = Reason("model", "Cosine over the whole run.", ("cosine-default",))
    assert str(r) == "Cosine over the whole run. [model] (see docs/evidence.md#cosine-default)"
    assert str(Reason("per", "Per step.")) == "Per step. [per]"
    with pytest.raises(LRKitError, match="unknown evidence section 'cosine'"):
        see(("cosine",))


@pytest.mark.parametrize("kwargs, sections", [
    (dict(model="cnn", epochs=90, steps_per_epoch=500, optimizer="sgd"), {"cosine-default", "large-batch-warmup"}),
    (dict(model="transformer-nlp", epochs=6, steps_per_epoch=50, optimizer="adamw"),
     {"adam-schedule", "warmup-transformers", "finder-div10"}),
    (dict(model="transformer-nlp", epochs=10, steps_per_epoch=1000, optimizer="adamw"), {"warmup-transformers"}),
    (dict(model="resnet", epochs=90, batch_size=4096, base_batch_size=256, optimizer="sgd"),
     {"large-batch-warmup"}),
    (dict(model="cnn", epochs=20, steps_per_epoch=100, goal="fast"),
     {"onecycle-short", "onecycle-max-lr", "onecycle-finder-range"}),
    (dict(model="transformer-nlp", epochs=3, steps_per_epoch=1000, finetune=True), {"finetune-constant"}),
])
def test_recommend_cites_the_evidence_its_rules_rest_on(kwargs, sections):
    rec = lk.recommend(**kwargs)
    assert sections <= _cited(rec), [str(r) for r in rec.reasons]
    for r in rec.reasons:
        if r.evidence:
            assert re.search(r"\(see docs/evidence\.md#[a-z0-9-]+(, #[a-z0-9-]+)*\)$", str(r))


def test_the_cli_prints_the_citations(capsys):
    assert main(["recommend", "--model", "transformer-nlp", "--epochs", "6", "--steps-per-epoch", "50",
                 "--optimizer", "adamw"]) == 0
    out = capsys.readouterr().out
    assert "see docs/evidence.md#warmup-transformers" in out
    assert main(["recommend", "--model", "mlp", "--epochs", "30", "--steps-per-epoch", "50", "--json"]) == 0
    assert "docs/evidence.md#cosine-default" in capsys.readouterr().out


def test_one_cycle_peak_is_the_top_of_the_finder_range_not_ten_times_its_suggestion():
    """Changed by the evidence (onecycle-max-lr: 10x the suggestion fell far behind on mnist1d-mlp;
    onecycle-finder-range: the range's top held on the digits tasks): the advice names the range's top."""
    rec = lk.recommend(model="cnn", epochs=20, steps_per_epoch=100, optimizer="sgd", goal="fast")
    assert rec.base_lr is None
    assert "top of its suggested range" in rec.base_lr_note and "suggest_range()[1]" in rec.base_lr_note
    assert {"onecycle-finder-range", "onecycle-max-lr"} <= _cited(rec)
    other = lk.recommend(model="mlp", epochs=30, steps_per_epoch=100, optimizer="adamw")
    assert other.base_lr is None and "not a tenth of it" in other.base_lr_note
    assert "finder-div10" in _cited(other)


def test_the_verdicts_quoted_in_advisor_md_are_the_pages():
    page = (ROOT / "docs" / "evidence.md").read_text()
    verdict = {m.group(1): m.group(2) for m in
               re.finditer(r"\| \[[^\]]+\]\(#([a-z0-9-]+)\) \| \*\*(holds only when|holds|not seen here)\*\*", page)}
    assert set(verdict) == set(SECTIONS)
    advisor = (ROOT / "docs" / "advisor.md").read_text()
    quoted = re.findall(r"#([a-z0-9-]+): (holds only when|holds|not seen here)", advisor)
    assert len(quoted) >= 10
    for name, said in quoted:
        assert verdict[name] == said, (name, said, verdict[name])

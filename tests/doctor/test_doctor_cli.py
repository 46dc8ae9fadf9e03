"""`lrkit doctor`: formats, exit codes, and the repository's own examples/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lrkit.cli import main
from lrkit.diagnostics import RULES

CORPUS = Path(__file__).parent / "corpus"
ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv):
    rc = main(["doctor", *map(str, argv)])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_text_output_and_exit_1(capsys):
    rc, out, err = run(capsys, CORPUS / "lr003_wrong.py")
    assert rc == 1
    lines = out.splitlines()
    assert lines[0] == (f"{CORPUS / 'lr003_wrong.py'}:15:9: LR003 ReduceLROnPlateau `plateau` is never "
                        "given a metric, so it can never reduce the LR")
    assert lines[1].startswith("    why: ") and lines[2].startswith("    fix: ")
    assert "2 findings in 1 of 1 file" in err


def test_concise_and_exit_0(capsys):
    rc, out, _ = run(capsys, "--concise", CORPUS / "lr003_wrong.py")
    assert rc == 1 and len(out.splitlines()) == 2
    rc, out, err = run(capsys, CORPUS / "lr003_right.py")
    assert rc == 0 and out == "" and "no findings in 1 file" in err


def test_json_output(capsys):
    rc, out, _ = run(capsys, "--format", "json", CORPUS / "lr006_wrong.py")
    data = json.loads(out)
    assert rc == 1 and [d["code"] for d in data] == ["LR006", "LR006"]
    for d in data:
        assert {"code", "path", "line", "col", "message", "fix", "why", "severity"} <= set(d)
    assert (data[0]["line"], data[0]["col"]) == (12, 57)


def test_sarif_output_is_sarif_2_1_0(capsys):
    rc, out, _ = run(capsys, "--format", "sarif", CORPUS / "lr010_wrong.py", CORPUS / "lr004_right.py")
    log = json.loads(out)
    assert rc == 1 and log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "lrkit-doctor" and [r["id"] for r in driver["rules"]] == list(RULES)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run_["results"]) == 2
    for res in run_["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == "LR010"
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith("lr010_wrong.py")
        assert loc["region"]["startLine"] in (17, 27) and loc["region"]["startColumn"] >= 1
        assert res["level"] == "error" and res["message"]["text"]


def test_select_ignore_flags(capsys):
    rc, out, _ = run(capsys, "--format", "json", "--ignore", "LR010", CORPUS / "lr010_wrong.py")
    assert rc == 0 and json.loads(out) == []
    rc, out, _ = run(capsys, "--format", "json", "--select", "LR010", CORPUS)
    assert rc == 1 and {d["code"] for d in json.loads(out)} == {"LR010"}


def test_usage_errors_exit_2(capsys, tmp_path):
    rc, _, err = run(capsys, tmp_path / "missing.py")
    assert rc == 2 and "no such file or directory" in err
    rc, _, err = run(capsys, "--select", "LR999", CORPUS / "lr001_right.py")
    assert rc == 2 and "unknown rule code 'LR999'" in err
    bad = tmp_path / "bad.py"
    bad.write_text("def f(:\n")
    rc, out, err = run(capsys, bad, CORPUS / "lr003_wrong.py")
    assert rc == 2 and "bad.py:1:" in err and "cannot parse" in err
    assert "LR003" in out  # the readable files are still reported
    with pytest.raises(SystemExit) as e:
        main(["doctor", "--format", "xml", str(bad)])
    assert e.value.code == 2


def test_verbose_prints_notes(capsys):
    rc, _, err = run(capsys, "--verbose", CORPUS / "dynamic_right.py")
    assert rc == 0 and "could not determine" in err


def test_repository_examples_are_clean(capsys):
    examples = ROOT / "examples"
    assert any(examples.rglob("*.py"))
    rc, out, err = run(capsys, examples)
    assert rc == 0, out + err

"""[tool.lrkit.doctor] in pyproject.toml: found by walking up, applied per file, overridden by flags,
and every bad key, value or code is one clear error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lrkit.cli import main
from lrkit.doctor import check, check_paths
from lrkit.doctor.config import KEYS, DoctorConfigError, find_settings, load_settings

CORPUS = Path(__file__).parent / "corpus"


def project(root: Path, table: str) -> Path:
    """A project: pyproject.toml with ``table`` under [tool.lrkit.doctor], two buggy scripts and a test folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(f'[project]\nname = "p"\n\n[tool.lrkit.doctor]\n{table}\n')
    shutil.copy(CORPUS / "lr003_wrong.py", root / "plateau.py")
    shutil.copy(CORPUS / "lr010_wrong.py", root / "order.py")
    (root / "tests").mkdir(exist_ok=True)
    shutil.copy(CORPUS / "lr010_wrong.py", root / "tests" / "test_order.py")
    return root


def found(report) -> list[tuple[str, str]]:
    return sorted({(Path(f.path).name, f.code) for f in report.findings})


def cli(capsys, *argv):
    rc = main(["doctor", *map(str, argv)])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_select_and_ignore_from_pyproject(tmp_path):
    root = project(tmp_path, 'select = ["LR010"]')
    assert found(check(root)) == [("order.py", "LR010"), ("test_order.py", "LR010")]
    root = project(tmp_path, 'ignore = ["LR01"]')
    assert found(check(root)) == [("plateau.py", "LR003")]
    assert check_paths(root) == check(root, config=False).findings   # the plain function reads no config
    assert len(check(root, config=False).findings) == 6


def test_flags_override_select_and_ignore(tmp_path, capsys):
    root = project(tmp_path, 'select = ["LR010"]\nignore = ["LR003"]')
    assert found(check(root, select="LR003", ignore=[])) == [("plateau.py", "LR003")]
    rc, out, _ = cli(capsys, "--format", "json", "--select", "LR003", "--ignore", "", root)
    assert rc == 1 and {d["code"] for d in json.loads(out)["findings"]} == {"LR003"}
    rc, out, _ = cli(capsys, "--format", "json", "--isolated", root)
    assert {d["code"] for d in json.loads(out)["findings"]} == {"LR003", "LR010"}


def test_per_file_ignores_globs(tmp_path):
    root = project(tmp_path, 'per-file-ignores = { "tests/**" = ["LR010"], "plat*.py" = ["LR003"] }')
    assert found(check(root)) == [("order.py", "LR010")]
    # a flag replaces `ignore`, never the per-file ignores
    assert found(check(root, ignore="LR010")) == []
    s = find_settings(root / "tests" / "deep" / "x.py")
    assert s.per_file_ignored(root / "tests" / "deep" / "x.py") == {"LR010"}
    assert s.per_file_ignored(root / "src" / "tests.py") == frozenset()


@pytest.mark.parametrize("pattern, left", [
    ('["tests/"]', {"plateau.py", "order.py"}),             # a folder, and all below it
    ('["tests"]', {"plateau.py", "order.py"}),              # a name without / matches at any depth
    ('["test_*.py", "order.py"]', {"plateau.py"}),
    ('["**/test_order.py"]', {"plateau.py", "order.py"}),
    ('["[op]*.py"]', {"test_order.py"}),
    ('[]', {"plateau.py", "order.py", "test_order.py"}),
])
def test_exclude_patterns(tmp_path, pattern, left):
    root = project(tmp_path, f"exclude = {pattern}")
    report = check(root)
    assert {Path(p).name for p in report.checked} == left
    assert {Path(f.path).name for f in report.findings} == left


def test_exclude_applies_to_files_named_on_the_command_line(tmp_path, capsys):
    # pre-commit passes file names one by one: an excluded file stays excluded
    root = project(tmp_path, 'exclude = ["tests/"]')
    rc, _, err = cli(capsys, root / "tests" / "test_order.py", root / "plateau.py", "--concise")
    assert rc == 1 and "test_order.py" not in err and "2 findings in 1 of 1 file" in err


def test_format_from_pyproject_and_the_flag_wins(tmp_path, capsys):
    root = project(tmp_path, 'format = "sarif"')
    rc, out, _ = cli(capsys, root / "plateau.py")
    assert rc == 1 and json.loads(out)["version"] == "2.1.0"
    rc, out, _ = cli(capsys, "--format", "json", root / "plateau.py")
    assert set(json.loads(out)) == {"findings", "errors"}
    rc, _, err = cli(capsys, "--show-source", root / "plateau.py")
    assert rc == 2 and f"but the format is 'sarif' (format in {root / 'pyproject.toml'})" in err


def test_nearest_table_wins_and_tables_elsewhere_are_passed_over(tmp_path):
    outer = project(tmp_path / "outer", 'ignore = ["LR003"]')
    inner = outer / "sub"
    inner.mkdir()
    shutil.copy(CORPUS / "lr003_wrong.py", inner / "inner_plateau.py")
    # a pyproject.toml without [tool.lrkit.doctor] between them is passed over, as ruff does
    (inner / "pyproject.toml").write_text('[project]\nname = "sub"\n[tool.ruff]\nline-length = 100\n')
    assert find_settings(inner / "inner_plateau.py").path == outer / "pyproject.toml"
    assert found(check(inner)) == []
    deeper = inner / "deeper"
    project(deeper, 'select = ["LR003"]')
    assert find_settings(deeper / "plateau.py").path == deeper / "pyproject.toml"
    assert found(check(outer)) == [("order.py", "LR010"), ("plateau.py", "LR003"), ("test_order.py", "LR010")]
    # the deeper project sees only its own LR003; the outer files keep the outer ignore
    assert {(Path(f.path).parent.name, f.code) for f in check(outer).findings} == {
        ("outer", "LR010"), ("tests", "LR010"), ("deeper", "LR003")}


def test_no_pyproject_means_defaults(tmp_path):
    shutil.copy(CORPUS / "lr003_wrong.py", tmp_path / "a.py")
    s = find_settings(tmp_path / "a.py")
    assert s.path is None or not s.path.is_relative_to(tmp_path)
    assert found(check(tmp_path)) == [("a.py", "LR003")]


@pytest.mark.parametrize("table, message", [
    ('selct = ["LR001"]', r"unknown key 'selct' \(did you mean 'select'\?\); accepted: "
                          r"select, ignore, per-file-ignores, exclude, format"),
    ('per_file_ignores = {}', r"unknown key 'per_file_ignores' \(did you mean 'per-file-ignores'\?\)"),
    ('select = ["LR001", "LR999"]', r"\[tool.lrkit.doctor\] select: unknown rule code 'LR999'; known: LR001, "),
    ('ignore = ["XY"]', r"ignore: unknown rule code 'XY'; known: LR001"),
    ('per-file-ignores = { "tests/*" = ["LR9"] }', r"per-file-ignores\['tests/\*'\]: unknown rule code 'LR9'"),
    ('per-file-ignores = { "tests/*" = "LR001" }', r"per-file-ignores\['tests/\*'\] must be a list of rule codes"),
    ('per-file-ignores = ["tests/*"]', r"per-file-ignores must be a table of glob = \[codes\], got \['tests/\*'\]"),
    ('select = "LR001"', r"select must be a list of rule codes such as \[\"LR001\", \"LR00\"\], got 'LR001'"),
    ('exclude = "build/"', r"exclude must be a list of glob patterns .*got 'build/'"),
    ('format = "xml"', r"format must be one of text, json, sarif, got 'xml'"),
    ('format = 1', r"format must be one of text, json, sarif, got 1"),
    ('select = [', r"not valid TOML"),
])
def test_bad_configuration_is_one_clear_error(tmp_path, capsys, table, message):
    root = project(tmp_path, table)
    with pytest.raises(DoctorConfigError, match=message):
        load_settings(root / "pyproject.toml")
    rc, out, err = cli(capsys, root)
    assert rc == 2 and out == "" and "Traceback" not in err
    assert err.startswith(f"lrkit doctor: error: {root / 'pyproject.toml'}")
    assert len(err.splitlines()) == 1


def test_the_table_must_be_a_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.lrkit]\ndoctor = "on"\n')
    with pytest.raises(DoctorConfigError, match=r"\[tool.lrkit.doctor\] must be a table, got 'on'"):
        load_settings(tmp_path / "pyproject.toml")
    assert KEYS == ("select", "ignore", "per-file-ignores", "exclude", "format")


def test_opinion_rules_are_reported_only_when_selected():
    """LR008 (one-cycle over a long run) and LR009 (a long run at a constant LR) are opinions: off by default, on
    when their code or a prefix is selected."""
    from lrkit.doctor import OPT_IN, check_source

    src = ("import torch\nfrom torch.optim.lr_scheduler import OneCycleLR\n"
           "def fit(model, loader):\n"
           "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
           "    sched = OneCycleLR(opt, max_lr=0.1, epochs=300, steps_per_epoch=len(loader))\n"
           "    for epoch in range(300):\n"
           "        for x, y in loader:\n"
           "            model(x).sum().backward()\n"
           "            opt.step()\n"
           "            sched.step()\n")
    assert OPT_IN == {"LR008", "LR009"}
    assert [f.code for f in check_source(src, "t.py")] == []
    assert [f.code for f in check_source(src, "t.py", select="LR008")] == ["LR008"]
    assert [f.code for f in check_source(src, "t.py", select="LR0")] == ["LR008"]
    constant = ("import torch\n"
                "def fit(gen, batches):\n"
                "    opt = torch.optim.Adam(gen.parameters(), lr=2e-4)\n"
                "    for epoch in range(200):\n"
                "        for x in batches:\n"
                "            gen(x).sum().backward()\n"
                "            opt.step()\n")
    assert [f.code for f in check_source(constant, "t.py")] == []
    assert [f.code for f in check_source(constant, "t.py", select="LR009")] == ["LR009"]

"""`lrkit doctor --format sarif`: valid SARIF 2.1.0 structure, rule metadata that code-scanning UIs show,
fingerprints that survive line moves, the fix text, and unreadable files as notifications.

The official schema (OASIS SARIF 2.1.0, errata 01: sarif-schema-2.1.0.json) cannot be downloaded while the
tests run, so SCHEMA below is a subset written from the specification: for every object lrkit writes, its
required properties, the types and enumerations of the properties it uses, and (as in the official schema)
no properties beyond those the specification defines. `properties` bags are free-form, as in SARIF.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from lrkit.cli import main
from lrkit.diagnostics import RULES
from lrkit.doctor import check
from lrkit.doctor.report import DOCS_URL, help_uri, to_sarif
from lrkit.doctor.sources import SourceLines

CORPUS = Path(__file__).parent / "corpus"
DOC = Path(__file__).resolve().parents[2] / "docs" / "doctor.md"


def obj(required=(), **props):
    """A SARIF object: these properties only (plus the free-form `properties` bag), some of them required."""
    return {"type": "object", "required": list(required), "additionalProperties": False,
            "properties": {**props, "properties": {"type": "object"}}}


def arr(items, **kw):
    return {"type": "array", "items": items, **kw}


URI = {"type": "string", "format": "uri-reference"}
TEXT = {"type": "string"}
INT1 = {"type": "integer", "minimum": 1}
LEVEL = {"enum": ["none", "note", "warning", "error"]}
MFMS = obj(["text"], text=TEXT, markdown=TEXT)                                      # multiformatMessageString
MESSAGE = {**obj(text=TEXT, markdown=TEXT, id=TEXT, arguments=arr(TEXT)),
           "anyOf": [{"required": ["text"]}, {"required": ["id"]}]}
REGION = obj(startLine=INT1, startColumn=INT1, endLine=INT1, endColumn=INT1, charOffset={"type": "integer"},
             charLength={"type": "integer"}, byteOffset={"type": "integer"}, byteLength={"type": "integer"},
             snippet=obj(text=TEXT, binary=TEXT, rendered=MFMS), message=MESSAGE, sourceLanguage=TEXT)
ARTIFACT_LOCATION = obj(uri=URI, uriBaseId=TEXT, index={"type": "integer", "minimum": -1}, description=MESSAGE)
PHYSICAL = {**obj(artifactLocation=ARTIFACT_LOCATION, region=REGION, contextRegion=REGION, address={}),
            "anyOf": [{"required": ["address"]}, {"required": ["artifactLocation"]}]}
LOCATION = obj(id={"type": "integer"}, physicalLocation=PHYSICAL, logicalLocations=arr({}), message=MESSAGE,
               annotations=arr(REGION), relationships=arr({}))
DESCRIPTOR_REF = obj(id=TEXT, index={"type": "integer", "minimum": -1}, guid=TEXT, toolComponent={})
REPORTING_DESCRIPTOR = obj(
    ["id"], id=TEXT, deprecatedIds=arr(TEXT), guid=TEXT, deprecatedGuids=arr(TEXT), name=TEXT,
    deprecatedNames=arr(TEXT), shortDescription=MFMS, fullDescription=MFMS, messageStrings={"type": "object"},
    defaultConfiguration=obj(enabled={"type": "boolean"}, level=LEVEL, rank={"type": "number"},
                             parameters={"type": "object"}),
    helpUri=URI, help=MFMS, relationships=arr({}))
NOTIFICATION = obj(["message"], locations=arr(LOCATION), message=MESSAGE, level=LEVEL, threadId={"type": "integer"},
                   timeUtc=TEXT, exception={}, descriptor=DESCRIPTOR_REF, associatedRule=DESCRIPTOR_REF)
RESULT = obj(
    ["message"], ruleId=TEXT, ruleIndex={"type": "integer", "minimum": -1}, rule=DESCRIPTOR_REF,
    kind={"enum": ["notApplicable", "pass", "fail", "review", "open", "informational"]}, level=LEVEL,
    message=MESSAGE, analysisTarget=ARTIFACT_LOCATION, locations=arr(LOCATION), guid=TEXT, correlationGuid=TEXT,
    occurrenceCount=INT1, partialFingerprints={"type": "object", "additionalProperties": TEXT},
    fingerprints={"type": "object", "additionalProperties": TEXT}, stacks=arr({}), codeFlows=arr({}),
    relatedLocations=arr(LOCATION), suppressions=arr({}), baselineState=TEXT, rank={"type": "number"},
    fixes=arr(obj(["artifactChanges"], description=MESSAGE, artifactChanges=arr({}, minItems=1))))
TOOL_COMPONENT = obj(
    ["name"], guid=TEXT, name=TEXT, organization=TEXT, product=TEXT, fullName=TEXT, version=TEXT,
    semanticVersion=TEXT, dottedQuadFileVersion=TEXT, releaseDateUtc=TEXT, downloadUri=URI, informationUri=URI,
    shortDescription=MFMS, fullDescription=MFMS, notifications=arr(REPORTING_DESCRIPTOR, uniqueItems=True),
    rules=arr(REPORTING_DESCRIPTOR, uniqueItems=True), taxa=arr({}), language=TEXT)
INVOCATION = obj(["executionSuccessful"], commandLine=TEXT, arguments=arr(TEXT), exitCode={"type": "integer"},
                 executionSuccessful={"type": "boolean"}, toolExecutionNotifications=arr(NOTIFICATION),
                 toolConfigurationNotifications=arr(NOTIFICATION), workingDirectory=ARTIFACT_LOCATION)
RUN = obj(["tool"], tool=obj(["driver"], driver=TOOL_COMPONENT, extensions=arr(TOOL_COMPONENT)),
          invocations=arr(INVOCATION), results=arr(RESULT), artifacts=arr({}), language=TEXT,
          columnKind={"enum": ["utf16CodeUnits", "unicodeCodePoints"]}, originalUriBaseIds={"type": "object"},
          automationDetails={"type": "object"})
SCHEMA = {"$schema": "http://json-schema.org/draft-07/schema#",
          **obj(["version", "runs"], **{"$schema": URI, "version": {"enum": ["2.1.0"]},
                                        "runs": {"type": ["array", "null"], "items": RUN},
                                        "inlineExternalProperties": arr({})})}


def validate(log):
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)


def sarif(capsys, *argv):
    rc = main(["doctor", "--format", "sarif", *map(str, argv)])
    return rc, json.loads(capsys.readouterr().out)


def test_the_schema_subset_catches_what_it_should():
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]}
    validate(good)
    for bad in ({"runs": []}, {"version": "2.0.0", "runs": []},
                {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "A"}]}]},
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "invocations": [{}]}]},
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "resluts": []}]},
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
                    {"message": {"text": "m"}, "fixes": [{"description": {"text": "no changes"}}]}]}]}):
        with pytest.raises(jsonschema.ValidationError):
            validate(bad)


def test_output_is_valid_sarif_with_findings_notebooks_and_errors(capsys, tmp_path):
    shutil.copy(CORPUS / "lr010_wrong.py", tmp_path / "with space.py")
    (tmp_path / "broken.py").write_text("def f(:\n")
    (tmp_path / "nb.ipynb").write_text('{"nbformat": 4, "cells": "oops"}')
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
        "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
        "source": "import torch\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"
                  "for epoch in range(3):\n    sched.step()\n"}]}
    (tmp_path / "ok.ipynb").write_text(json.dumps(nb))
    rc, log = sarif(capsys, tmp_path)
    validate(log)
    (run_,) = log["runs"]
    assert rc == 2 and len(run_["results"]) == 3 and not run_["invocations"][0]["executionSuccessful"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]}
    assert {u.rsplit("/", 1)[1] for u in uris} == {"with%20space.py", "ok.ipynb"}
    (nb_result,) = [r for r in run_["results"] if r["ruleId"] == "LR003"]
    assert nb_result["properties"]["notebookCell"] == 1
    assert nb_result["locations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "    sched.step()"
    rc, log = sarif(capsys, CORPUS / "lr003_right.py")
    validate(log)
    assert rc == 0 and log["runs"][0]["results"] == []


def test_rules_carry_what_code_scanning_shows():
    driver = to_sarif([])["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for r in driver["rules"]:
        rule = RULES[r["id"]]
        assert r["shortDescription"]["text"] == rule.title and r["fullDescription"]["text"] == rule.why
        assert r["help"]["text"].startswith(rule.why) and "Fix: " in r["help"]["text"]
        assert r["helpUri"] == help_uri(r["id"]) and r["helpUri"] in r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] == rule.severity


def _anchor(heading: str) -> str:
    """GitHub's anchor for a markdown heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_help_uris_point_at_sections_of_the_doctor_docs():
    assert DOCS_URL.endswith("/docs/doctor.md")
    text = DOC.read_text()
    anchors = {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    documented = set(re.findall(r"^### (LR\d{3})$", text, re.M))
    assert {f"LR{n:03}" for n in range(1, 12)} <= documented   # LR001-LR011 have their section
    runtime_only = {c for c, r in RULES.items() if "static" not in r.where}
    assert runtime_only and {help_uri(c) for c in runtime_only} == {f"{DOCS_URL}#runtime-lrkittorchmonitor"}
    for code in documented | runtime_only:   # each such rule's helpUri lands on a heading of the page
        assert help_uri(code).split("#")[1] in anchors, code
    assert "use-it-in-your-project" in anchors


def test_results_carry_the_fix_text(capsys):
    _, log = sarif(capsys, CORPUS / "lr003_wrong.py")
    report = check(CORPUS / "lr003_wrong.py")
    for res, f in zip(log["runs"][0]["results"], report.findings):
        assert res["message"]["text"] == f"{f.message}. Fix: {f.fix}"
        assert res["properties"]["fix"] == f.fix and res["properties"]["why"] == f.why


def _fingerprints(path: Path) -> list[str]:
    findings = check(path, config=False).findings
    lines = SourceLines()
    log = to_sarif(findings, source=lambda f: lines.line(f.path, f.line, f.cell))
    return [r["partialFingerprints"]["lrkitFinding/v1"] for r in log["runs"][0]["results"]]


def test_fingerprints_survive_line_moves_and_tell_repeats_apart(tmp_path):
    p = tmp_path / "train.py"
    src = (CORPUS / "lr010_wrong.py").read_text()
    p.write_text(src)
    before = _fingerprints(p)
    assert len(before) == 2 and len(set(before)) == 2
    # lines added above and below: the findings move, their fingerprints stay
    p.write_text("import os\n\n# a comment\n" + src + "\nprint('done')\n")
    assert [f.line for f in check(p).findings] != [f.line for f in check(CORPUS / "lr010_wrong.py").findings]
    assert _fingerprints(p) == before
    # the same line twice in one file: the occurrence index keeps them apart
    q = tmp_path / "twice.py"
    q.write_text("import torch\nsched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt)\n"
                 "for epoch in range(3):\n    sched.step()\n    sched.step()\n")
    twice = _fingerprints(q)   # LR003 on both lines (and LR016: the plateau is stepped twice per epoch)
    assert len(twice) == 3 and len(set(twice)) == 3
    # another file: other prints
    r = tmp_path / "other.py"
    r.write_text(src)
    assert set(_fingerprints(r)).isdisjoint(before)

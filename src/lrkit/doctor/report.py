"""Doctor output: text (one line per finding, like a linter), JSON and SARIF 2.1.0.

>>> from lrkit.diagnostics import finding
>>> f = finding("LR003", path="train.py", line=3, col=5, scheduler="sched")
>>> print(to_text([f], concise=True))
train.py:3:5: LR003 ReduceLROnPlateau `sched` is never given a metric, so it can never reduce the LR
>>> to_sarif([f])["runs"][0]["results"][0]["ruleId"]
'LR003'
"""

from __future__ import annotations

from typing import Any, Sequence

from ..diagnostics import RULES, Finding

__all__ = ["to_text", "to_json", "to_sarif"]

_SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def to_text(findings: Sequence[Finding], concise: bool = False) -> str:
    """``path:line:col: CODE message``, then (unless ``concise``) the why and the fix, indented."""
    out = []
    for f in findings:
        out.append(str(f))
        if not concise:
            out.append(f"    why: {f.why}")
            out.append(f"    fix: {f.fix}")
    return "\n".join(out)


def to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """A list of objects with ``code, path, line, col, message, why, fix, severity, title`` (+ ``cell``)."""
    return [f.to_dict() for f in findings]


def to_sarif(findings: Sequence[Finding]) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every rule of the catalogue is listed in the driver."""
    from .. import __version__

    codes = list(RULES)
    rules = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.why},
        "help": {"text": r.render(r.fix, {})},
        "helpUri": f"https://github.com/lrkit/lrkit/blob/main/docs/doctor.md#{r.code.lower()}",
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
    } for r in RULES.values()]
    results = []
    for f in findings:
        region: dict[str, Any] = {"startLine": f.line or 1, "startColumn": f.col or 1}
        res: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message}. Fix: {f.fix}"},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": (f.path or "").replace("\\", "/")},
                "region": region}}],
        }
        if f.cell is not None:
            res["properties"] = {"notebookCell": f.cell}
        results.append(res)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "lrkit-doctor", "version": __version__,
                                "informationUri": "https://github.com/lrkit/lrkit", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }

"""Doctor output: text (one line per finding, like a linter), statistics, JSON and SARIF 2.1.0.

Files that could not be read or parsed (:class:`~lrkit.doctor.DoctorInputError`) are
part of every format: the text summary counts them, JSON lists them under ``errors``,
SARIF under ``invocations[0].toolExecutionNotifications`` with ``executionSuccessful``
false.

>>> from lrkit.diagnostics import finding
>>> f = finding("LR003", path="train.py", line=3, col=5, scheduler="sched")
>>> print(to_text([f], concise=True))
train.py:3:5: LR003 ReduceLROnPlateau `sched` is never given a metric, so it can never reduce the LR
>>> print(to_text([f], concise=True, source=lambda f: "    sched.step()"))
train.py:3:5: LR003 ReduceLROnPlateau `sched` is never given a metric, so it can never reduce the LR
  |
3 |     sched.step()
  |     ^
>>> to_sarif([f])["runs"][0]["results"][0]["ruleId"]
'LR003'
>>> to_json([f])["findings"][0]["code"], to_json([f])["errors"]
('LR003', [])
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any, Callable, Optional, Sequence
from urllib.parse import quote

from ..diagnostics import RULES, Finding
from .sources import DoctorInputError

__all__ = ["to_text", "to_json", "to_sarif", "statistics", "statistics_text", "summary", "help_uri", "DOCS_URL"]

DOCS_URL = "https://github.com/lrkit/lrkit/blob/main/docs/doctor.md"
RUNTIME_ANCHOR = "runtime-lrkittorchmonitor"   # "## Runtime: `lrkit.torch.Monitor`"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "note"}

SourceFn = Callable[[Finding], Optional[str]]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def _source_block(lineno: int, text: str, col: int | None) -> list[str]:
    gutter = str(lineno)
    pad = " " * len(gutter)
    text = text.rstrip("\r\n")
    prefix = text[: max((col or 1) - 1, 0)]
    caret = "".join(c if c == "\t" else " " for c in prefix) + "^"
    return [f"{pad} |", f"{gutter} | {text}", f"{pad} | {caret}"]


def to_text(findings: Sequence[Finding], concise: bool = False, source: SourceFn | None = None) -> str:
    """``path:line:col: CODE message``, then (unless ``concise``) the why and the fix, indented.

    ``source(finding)`` (e.g. from :class:`~lrkit.doctor.sources.SourceLines`) adds the
    line with a caret under the column (``--show-source``).
    """
    out = []
    for f in findings:
        out.append(str(f))
        text = source(f) if source is not None else None
        if text is not None:
            out += _source_block(f.line or 1, text, f.col)
        if not concise:
            out.append(f"    why: {f.why}")
            out.append(f"    fix: {f.fix}")
    return "\n".join(out)


def statistics(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Counts per code, most frequent first: ``[{"code", "count", "title", "severity"}]``.

    >>> from lrkit.diagnostics import finding
    >>> statistics([finding("LR003"), finding("LR001"), finding("LR003")])[0]["count"]
    2
    """
    counts = Counter(f.code for f in findings)
    return [{"code": c, "count": n, "title": RULES[c].title, "severity": RULES[c].severity}
            for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def statistics_text(stats: Sequence[dict[str, Any]]) -> str:
    """One line per code: the count (right-aligned), the code, the rule's title."""
    width = max((len(str(s["count"])) for s in stats), default=1)
    return "\n".join(f"{s['count']:>{width}}  {s['code']}  {s['title']}" for s in stats)


def summary(findings: Sequence[Finding], n_checked: int, errors: Sequence[DoctorInputError] = ()) -> str:
    """The closing line: ``2 findings in 1 of 3 files``; files that could not be checked are counted,
    never reported as "no findings".

    >>> summary([], 3, [DoctorInputError.at("bad.py", "cannot parse: invalid syntax", line=1)])
    '0 findings in 2 checked files; 1 file could not be checked'
    """
    if not errors:
        if not findings:
            return f"no findings in {_plural(n_checked, 'file')}"
        return f"{_plural(len(findings), 'finding')} in {len({f.path for f in findings})} of " \
               f"{_plural(n_checked, 'file')}"
    ok = n_checked - len({e.path for e in errors})
    return (f"{_plural(len(findings), 'finding')} in {_plural(ok, 'checked file')}; "
            f"{_plural(len(errors), 'file')} could not be checked")


def to_json(findings: Sequence[Finding], errors: Sequence[DoctorInputError] = (),
            stats: bool = False) -> dict[str, Any]:
    """``{"findings": [...], "errors": [...]}`` (+ ``"statistics"`` when ``stats``).

    A finding has ``code, path, line, col, message, why, fix, severity, title`` (+ ``cell``);
    an error (a file that could not be read or parsed) has ``path, line, col, message`` (+ ``cell``).
    """
    out: dict[str, Any] = {"findings": [f.to_dict() for f in findings], "errors": [e.to_dict() for e in errors]}
    if stats:
        out["statistics"] = statistics(findings)
    return out


def _uri(path: str | None) -> str:
    """A path as a SARIF ``uri`` reference: forward slashes, percent-encoded (spaces, ``#``, ``%``)."""
    return quote((path or "").replace("\\", "/"), safe="/:")


def _fingerprints(findings: Sequence[Finding], source: SourceFn | None) -> list[str]:
    """A hash of (code, path, cell, the line's text without its indentation, occurrence): the same
    finding keeps its fingerprint when lines above it are added or removed."""
    seen: Counter[tuple] = Counter()
    out = []
    for f in findings:
        text = ((source(f) if source is not None else None) or "").strip()
        key = (f.code, _uri(f.path), f.cell, text)
        out.append(hashlib.sha256(repr((*key, seen[key])).encode("utf-8")).hexdigest()[:32])
        seen[key] += 1
    return out


def help_uri(code: str) -> str:
    """The rule's section of docs/doctor.md; a rule only the runtime monitor reports has the monitor's."""
    anchor = code.lower() if "static" in RULES[code].where else RUNTIME_ANCHOR
    return f"{DOCS_URL}#{anchor}"


def _sarif_rule(code: str) -> dict[str, Any]:
    r = RULES[code]
    fix = r.render(r.fix, {})
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": r.why},
        "help": {"text": f"{r.why}\nFix: {fix}",
                 "markdown": f"{r.why}\n\n**Fix:** {fix}\n\n[{r.code} in the lrkit docs]({help_uri(code)})"},
        "helpUri": help_uri(code),
        "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        "properties": {"tags": ["learning-rate", "scheduling"], "precision": "high"},
    }


def _location(path: str | None, line: int | None, col: int | None, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": line or 1, "startColumn": col or 1}
    if snippet is not None:
        region["snippet"] = {"text": snippet}
    return {"physicalLocation": {"artifactLocation": {"uri": _uri(path)}, "region": region}}


def _notification(e: DoctorInputError) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "error", "message": {"text": str(e)},
                            "descriptor": {"id": "input-error", "index": 0}}
    if e.path is not None:
        loc = _location(e.path, e.line, e.col)
        if e.line is None:   # the whole file: no region
            del loc["physicalLocation"]["region"]
        note["locations"] = [loc]
        if e.cell is not None:
            note["properties"] = {"notebookCell": e.cell}
    return note


def to_sarif(findings: Sequence[Finding], errors: Sequence[DoctorInputError] = (),
             source: SourceFn | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run, as code-scanning UIs read it.

    Every rule of the catalogue is in the driver with ``shortDescription``, ``fullDescription``,
    ``help`` (why and fix) and ``helpUri`` (its section of docs/doctor.md). Each result's message
    ends with the fix, and carries ``partialFingerprints["lrkitFinding/v1"]`` (see
    :func:`_fingerprints`; ``source`` gives the lines, as for :func:`to_text`). Files that could
    not be read or parsed are ``toolExecutionNotifications`` of the invocation, whose
    ``executionSuccessful`` is then false.
    """
    from .. import __version__

    codes = list(RULES)
    results = []
    for f, fp in zip(findings, _fingerprints(findings, source)):
        snippet = source(f) if source is not None else None
        res: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f"{f.message}. Fix: {f.fix}"},
            "locations": [_location(f.path, f.line, f.col, snippet)],
            "partialFingerprints": {"lrkitFinding/v1": fp},
            "properties": {"why": f.why, "fix": f.fix},
        }
        if f.cell is not None:
            res["properties"]["notebookCell"] = f.cell
        results.append(res)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lrkit-doctor", "version": __version__, "semanticVersion": __version__,
                "informationUri": "https://github.com/lrkit/lrkit",
                "rules": [_sarif_rule(c) for c in codes],
                "notifications": [{"id": "input-error", "name": "input-error",
                                   "shortDescription": {"text": "a file that cannot be read or parsed"},
                                   "defaultConfiguration": {"level": "error"}}],
            }},
            "invocations": [{"executionSuccessful": not errors,
                             "toolExecutionNotifications": [_notification(e) for e in errors]}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }

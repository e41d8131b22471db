"""``check`` output: text, ruff-shaped JSON, SARIF 2.1.0 and GitHub workflow annotations.

Findings carry 0-based lines and 0-based, end-exclusive character columns; every format here
prints 1-based lines and columns (the end column is the 1-based column just after the range,
as ruff and SARIF count it).

``extra`` holds notes that are not findings, as ``(path, message)``: settings problems, files
the index could not read. Text prints them after the findings, SARIF as tool execution
notifications, GitHub as ``::notice`` lines; JSON leaves them out, since ruff's shape is a bare
list of findings and tools that read it expect nothing else.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..core.model import Finding, Fix, Position, Severity
from ..rules.registry import all_infos
from ..rules.registry import info as rule_info
from ..rules.rule_info import RuleInfo

FORMATS = ("text", "json", "sarif", "github")
TOOL_NAME = "backend-architect"
INFORMATION_URI = "https://github.com/backend-architect-lsp/backend-architect-lsp"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"

SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}
GITHUB_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


Style = Callable[[str, str], str]  # (kind, text) -> text as shown: colour in a terminal


def _unstyled(kind: str, text: str) -> str:
    return text


def render(
    findings: list[Finding],
    fmt: str,
    root: str,
    extra: list[tuple[str, str]] | None = None,
    style: Style = _unstyled,
) -> str:
    """The findings in format ``fmt``, paths relative to ``root`` (the CLI's current folder;
    SARIF's ``%SRCROOT%``); ends with a newline. ``style`` colours the text format."""
    ordered = sorted(findings, key=lambda f: (f.path, f.span.start, f.span.end, f.code))
    notes = list(extra or [])
    if fmt == "text":
        return _text(ordered, root, notes, style)
    if fmt == "json":
        return json.dumps([_json_finding(f) for f in ordered], indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(sarif_log(ordered, root, notes), indent=2) + "\n"
    if fmt == "github":
        return _github(ordered, root, notes)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def relative(path: str, root: str) -> str:
    """``path`` relative to ``root`` with forward slashes; unchanged when outside it."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
        return path
    return rel.replace(os.sep, "/")


def _row_col(p: Position) -> dict[str, int]:
    return {"row": p.line + 1, "column": p.column + 1}


# --- text ------------------------------------------------------------------------------------


def _text(
    findings: list[Finding], root: str, notes: list[tuple[str, str]], style: Style = _unstyled
) -> str:
    out = []
    for f in findings:
        start = f.span.start
        mark = " " + style("fixable", "[*]") if f.fix is not None else ""
        where = style("position", f":{start.line + 1}:{start.column + 1}:")
        code = style(f.severity.value, f.code)
        out.append(f"{style('path', relative(f.path, root))}{where} {code}{mark} {f.message}")
    for path, message in notes:
        out.append(f"{relative(path, root) if path else TOOL_NAME}: {message}")
    out.append(style("summary", _summary(findings)))
    return "\n".join(out) + "\n"


def _summary(findings: list[Finding]) -> str:
    if not findings:
        return "All checks passed!"
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {s.value}{'s' if counts[s] != 1 and s != Severity.INFO else ''}"
        for s in Severity
        if counts[s]
    ]
    n = len(findings)
    line = f"Found {n} problem{'s' if n != 1 else ''} ({', '.join(parts)})."
    fixable = sum(f.fix is not None for f in findings)
    if fixable:
        line += f" {fixable} fixable with a quick fix (marked [*])."
    return line


# --- JSON (ruff's shape) ---------------------------------------------------------------------


def _json_finding(f: Finding) -> dict[str, Any]:
    info = rule_info(f.code)
    return {
        "cell": None,  # ruff's notebook cell; always null here
        "code": f.code,
        "name": info.name if info else None,
        "message": f.message,
        # absolute, as ruff's own JSON has it (tools reading ruff's shape expect it)
        "filename": os.path.abspath(f.path),
        "location": _row_col(f.span.start),
        "end_location": _row_col(f.span.end),
        "fix": _json_fix(f.fix),
        "noqa_row": f.span.start.line + 1,
        "url": info.url if info else None,
        "severity": f.severity.value,
    }


def _json_fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": "safe",
        "message": fix.title,
        "edits": [
            {
                "content": e.text,
                "location": _row_col(e.span.start),
                "end_location": _row_col(e.span.end),
            }
            for e in fix.edits
        ],
    }


# --- SARIF 2.1.0 -----------------------------------------------------------------------------


def sarif_log(
    findings: list[Finding], root: str, notes: list[tuple[str, str]] | None = None
) -> dict[str, Any]:
    infos = list(all_infos())
    index = {i.code: n for n, i in enumerate(infos)}
    results = [_sarif_result(f, root, index) for f in findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_sarif_rule(i) for i in infos],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": Path(os.path.abspath(root)).as_uri() + "/"}},
        # columns count characters (code points), not the UTF-16 units SARIF assumes by default
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    _sarif_notification(path, message, root) for path, message in notes or []
                ],
            }
        ],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _sarif_rule(info: RuleInfo) -> dict[str, Any]:
    cwes = [f"CWE-{n}" for n in info.cwe]
    help_md = (
        f"{info.rationale}\n\nBad:\n\n```python\n{info.bad}\n```\n\n"
        f"Good:\n\n```python\n{info.good}\n```"
    )
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.rationale},
        "help": {"text": info.rationale, "markdown": help_md},
        "helpUri": info.url,
        "defaultConfiguration": {"level": SARIF_LEVELS[info.severity]},
        "properties": {
            # GitHub code scanning reads CWEs from tags written external/cwe/cwe-N
            "tags": [info.family, *cwes, *(f"external/cwe/cwe-{n}" for n in info.cwe)],
            "fixable": info.fixable,
        },
    }


def _artifact(path: str, root: str) -> dict[str, Any]:
    rel = relative(path, root)
    if rel == path and os.path.isabs(path):  # outside the root: an absolute URI
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(rel), "uriBaseId": SRCROOT}


def _region(start: Position, end: Position) -> dict[str, int]:
    return {
        "startLine": start.line + 1,
        "startColumn": start.column + 1,
        "endLine": end.line + 1,
        "endColumn": end.column + 1,
    }


def _sarif_result(f: Finding, root: str, index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": SARIF_LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(f.path, root),
                    "region": _region(f.span.start, f.span.end),
                }
            }
        ],
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    if f.fix is not None:
        result["fixes"] = [
            {
                "description": {"text": f.fix.title},
                "artifactChanges": [
                    {
                        "artifactLocation": _artifact(e.path, root),
                        "replacements": [
                            {
                                "deletedRegion": _region(e.span.start, e.span.end),
                                "insertedContent": {"text": e.text},
                            }
                        ],
                    }
                    for e in f.fix.edits
                ],
            }
        ]
    return result


def _sarif_notification(path: str, message: str, root: str) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "warning", "message": {"text": message}}
    if path:
        note["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(path, root)}}]
    return note


# --- GitHub workflow commands ----------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(findings: list[Finding], root: str, notes: list[tuple[str, str]]) -> str:
    out = []
    for f in findings:
        s, e = f.span.start, f.span.end
        props = (
            f"file={_escape_property(relative(f.path, root))},line={s.line + 1},col={s.column + 1},"
            f"endLine={e.line + 1},endColumn={e.column + 1},title={_escape_property(f.code)}"
        )
        out.append(f"::{GITHUB_LEVELS[f.severity]} {props}::{_escape_data(f.message)}")
    for path, message in notes:
        where = f" file={_escape_property(relative(path, root))}" if path else ""
        out.append(f"::notice{where}::{_escape_data(message)}")
    return "".join(line + "\n" for line in out)

"""Rule documentation from the registry: the ``rules`` table, ``docs/rules.md`` and the hover
card of a rule code. Everything here is rendered from :class:`RuleInfo`, so the docs cannot
drift from the rules (a test compares ``docs/rules.md`` with :func:`render_docs`)."""

from __future__ import annotations

import json
import re
from typing import Any

from ..core.model import Position
from .noqa import NOQA_RE
from .registry import all_infos
from .rule_info import RuleInfo

REGENERATE = "python -m backend_architect rules --format markdown > docs/rules.md"
CWE_URL = "https://cwe.mitre.org/data/definitions/{n}.html"
TABLE_FORMATS = ("text", "json", "markdown")

_CODE_RE = re.compile(r"[A-Za-z]+\d+")


def rows() -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "family": i.family,
            "severity": i.severity.value,
            "fixable": i.fixable,
            "test_files": i.test_files,
            "migration_files": i.migration_files,
            "summary": i.summary,
            "cwe": list(i.cwe),
            "url": i.url,
        }
        for i in all_infos()
    ]


def render_table(fmt: str = "text") -> str:
    """The rule table as text (aligned columns), JSON, or the whole Markdown reference."""
    if fmt == "json":
        return json.dumps(rows(), indent=2) + "\n"
    if fmt == "markdown":
        return render_docs()
    if fmt != "text":
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(TABLE_FORMATS)}")
    table = [
        [
            r["code"],
            r["name"],
            r["family"],
            r["severity"],
            "yes" if r["fixable"] else "",
            r["summary"],
        ]
        for r in rows()
    ]
    head = ["CODE", "NAME", "FAMILY", "SEVERITY", "FIX", "SUMMARY"]
    widths = [max(len(row[k]) for row in [head, *table]) for k in range(5)]
    out = []
    for row in [head, *table]:
        out.append(
            "  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True)) + "  " + row[5]
        )
    return "\n".join(line.rstrip() for line in out) + "\n"


def _cwe_links(info: RuleInfo) -> str:
    return ", ".join(f"[CWE-{n}]({CWE_URL.format(n=n)})" for n in info.cwe)


_TEST_FILES = {
    "if-asked": "test files with `check-tests`",
    "never": "never in test files",
    "always": "test files too",
}


def _body(info: RuleInfo) -> list[str]:
    facts = [f"**{info.family}**", f"severity **{info.severity.value}**"]
    if info.fixable:
        facts.append("quick fix available")
    facts.append(_TEST_FILES[info.test_files])
    if not info.migration_files:
        facts.append("not in migrations")
    if info.cwe:
        facts.append(_cwe_links(info))
    return [
        info.summary,
        "",
        " · ".join(facts),
        "",
        info.rationale,
        "",
        "Flagged:",
        "",
        f"```{_LANGUAGES.get(info.code[:3], 'python')}",
        info.bad.rstrip("\n"),
        "```",
        "",
        "Instead:",
        "",
        f"```{_LANGUAGES.get(info.code[:3], 'python')}",
        info.good.rstrip("\n"),
        "```",
    ]


# the examples' language by family: Dockerfile and Compose rules show those files
_LANGUAGES = {"BA6": "dockerfile", "BA7": "yaml"}


def rule_card(info: RuleInfo) -> str:
    """The hover card of one rule (Markdown)."""
    lines = [f"**{info.code}** `{info.name}`", "", *_body(info), "", f"[Documentation]({info.url})"]
    return "\n".join(lines) + "\n"


def render_docs() -> str:
    """The whole of ``docs/rules.md``."""
    infos = list(all_infos())
    out = [
        "# Rules",
        "",
        f"<!-- Generated from the rule registry; do not edit. Regenerate with: {REGENERATE} -->",
        "",
        "Silence one finding with `# noqa: CODE` on its first (or last) line; select, ignore and "
        "re-grade rules in `[tool.backend-architect]` of `pyproject.toml`. The files of a test "
        "suite (under `tests/` or `test/`, `test_*.py`, `*_test.py`, `conftest.py`) are left "
        "alone: their routes, loops and fake secrets are fixtures; `check-tests = true` checks "
        "them with every rule but those marked *never in test files* (rules about production "
        "code: a test's `print`, `create_all` or fake secret is how tests are written).",
        "",
        "BA6xx rules read Dockerfiles (`Dockerfile`, `Containerfile`, `*.Dockerfile`, "
        "`Dockerfile.*`) and BA7xx rules Compose files (`compose.yaml`, `docker-compose*.yml`); "
        "silence one of their findings with a `# noqa: CODE` comment line right above it (or "
        "above its instruction), or on its line in a Compose file.",
        "",
        "| Code | Name | Family | Severity | Fix | Summary |",
        "|---|---|---|---|---|---|",
    ]
    for i in infos:
        summary = i.summary.replace("|", "\\|")
        fix = "yes" if i.fixable else ""
        out.append(
            f"| [{i.code}](#{i.code.lower()}) | `{i.name}` | {i.family} | {i.severity.value} "
            f"| {fix} | {summary} |"
        )
    for i in infos:
        out += ["", f'<a id="{i.code.lower()}"></a>', "", f"## {i.code} `{i.name}`", "", *_body(i)]
    return "\n".join(out) + "\n"


def code_in_noqa(line: str, column: int) -> str | None:
    """The rule code under ``column`` in the line's ``# noqa: ...`` comment, if any."""
    match = NOQA_RE.search(line)
    if match is None or match.group("codes") is None:
        return None
    base = match.start("codes")
    for code in _CODE_RE.finditer(match.group("codes")):
        if base + code.start() <= column <= base + code.end():
            return code.group().upper()
    return None


def code_at(lines: list[str], pos: Position) -> str | None:
    """The rule code under ``pos`` when it sits in a ``noqa`` comment."""
    if not 0 <= pos.line < len(lines):
        return None
    return code_in_noqa(lines[pos.line], pos.column)

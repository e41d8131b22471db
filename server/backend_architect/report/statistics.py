"""``check --statistics``: how many findings each rule made, most first (ruff's shape)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..core.model import Finding
from ..rules.registry import info as rule_info


def rule_counts(findings: list[Finding]) -> list[dict[str, Any]]:
    """One row per rule code: code, name, count, and whether a quick fix exists for all."""
    counts = Counter(f.code for f in findings)
    fixable = Counter(f.code for f in findings if f.fix is not None)
    rows = []
    for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        meta = rule_info(code)
        rows.append(
            {
                "code": code,
                "name": meta.name if meta else None,
                "count": count,
                "fixable": fixable[code] == count,
            }
        )
    return rows


def render_statistics(findings: list[Finding], fmt: str) -> str:
    """The counts as text (``COUNT  CODE  [*] name``) or, for every other format, JSON."""
    rows = rule_counts(findings)
    if fmt != "text":
        return json.dumps(rows, indent=2) + "\n"
    if not rows:
        return ""
    width = max(len(str(r["count"])) for r in rows)
    code_width = max(len(r["code"]) for r in rows)
    lines = [
        f"{r['count']:>{width}}\t{r['code']:<{code_width}}\t{'[*]' if r['fixable'] else '   '} "
        f"{r['name'] or ''}".rstrip()
        for r in rows
    ]
    return "\n".join(lines) + "\n"

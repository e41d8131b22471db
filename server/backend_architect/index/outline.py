"""A module's outline: what an edit is compared by, so results that read only the parts an
edit left alone survive it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.lines import lines_with_ends
from .facts import ModuleFacts


def top_level(qualname: str) -> str:
    return qualname.split(".", 1)[0]


@dataclass(frozen=True)
class Outline:
    """What an edit is compared by: the module's interface, and each top-level definition's
    text and place. Equal interfaces let results that only read the interface survive."""

    interface: tuple[Any, ...]
    definitions: dict[str, tuple[int, str]]  # top-level name -> (first line, text)


def outline(facts: ModuleFacts, text: str) -> Outline:
    lines = lines_with_ends(text)
    spans: dict[str, tuple[int, int]] = {}
    for table in (facts.functions, facts.classes):
        for qual, info in table.items():
            if info.scope:
                continue
            node = info.node
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
            last = (node.end_lineno or node.lineno) - 1
            old = spans.get(qual)  # a name defined twice (``if``/``else``) covers both
            spans[qual] = (min(first, old[0]), max(last, old[1])) if old else (first, last)
    outside: list[str] = []
    definitions: dict[str, tuple[int, str]] = {}
    pos = 0
    for name, (first, last) in sorted(spans.items(), key=lambda kv: kv[1]):
        if first >= pos:
            outside.extend(lines[pos:first])
            outside.append(f"<{name}:{last - first}>\n")  # keeps the lines below in place
        definitions[name] = (first, "".join(lines[first : last + 1]))
        pos = max(pos, last + 1)
    outside.extend(lines[pos:])
    interface = (
        facts.module,
        facts.is_package,
        facts.stale,
        tuple(sorted(facts.imports.items())),
        tuple(facts.star_imports),
        tuple(dotted for _, dotted in facts.module_imports),
        tuple(sorted(spans)),
        "".join(outside),
    )
    return Outline(interface, definitions)

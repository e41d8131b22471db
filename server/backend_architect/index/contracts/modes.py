"""Input and output components named as FastAPI names them: a model read in a body and written
in a response whose two schemas differ (aliases, computed fields, a ``Decimal``, or a model
inside that does) is ``Name-Input`` and ``Name-Output``; one whose schemas agree, or that is
used one way only, is ``Name``."""

from __future__ import annotations

from typing import Any

from .json_schema import OUTPUT, JsonSchema

_PREFIX = "#/components/schemas/"


def split_names(components: dict[str, JsonSchema]) -> dict[str, str]:
    """Each provisional component name (``Name`` for input, ``Name-Output`` for output) ->
    its final name. Two schemas differ when they differ with every reference to a model whose
    two modes agree read as that model: start from "all agree", then mark as differing each
    model whose schemas still differ, until nothing changes (each round only adds)."""
    pairs = {
        key[: -len(OUTPUT)]
        for key in components
        if key.endswith(OUTPUT) and key[: -len(OUTPUT)] in components
    }
    differ: set[str] = set()
    for _ in range(len(pairs) + 1):
        same = {name + OUTPUT: name for name in pairs - differ}
        now = {
            name
            for name in pairs
            if rename(components[name], same) != rename(components[name + OUTPUT], same)
        }
        if now == differ:
            break
        differ = now
    out: dict[str, str] = {}
    for key in components:
        base = key.removesuffix(OUTPUT) if key.endswith(OUTPUT) else key
        if base in differ:
            out[key] = base + ("-Output" if key.endswith(OUTPUT) else "-Input")
        else:
            out[key] = base
    return out


def rename(node: Any, names: dict[str, str]) -> Any:
    """``node`` with every reference to a renamed component (``$ref``s and discriminator
    mappings alike) pointing at its new name."""
    if isinstance(node, dict):
        return {k: rename(v, names) for k, v in node.items()}
    if isinstance(node, list):
        return [rename(v, names) for v in node]
    if isinstance(node, str) and node.startswith(_PREFIX):
        target = names.get(node[len(_PREFIX) :])
        return _PREFIX + target if target is not None else node
    return node


def split_components(
    components: dict[str, JsonSchema],
) -> tuple[dict[str, JsonSchema], dict[str, str]]:
    """The final components and the renaming to apply to whatever refers to them."""
    names = split_names(components)
    out: dict[str, JsonSchema] = {}
    for key, schema in components.items():
        final = names[key]
        if final not in out:  # an output twin that agrees with its input is the same component
            out[final] = rename(schema, names)
    return out, {k: v for k, v in names.items() if k != v}

#!/usr/bin/env python3
"""The layout's figures, from the package's own files: module count, median and largest module,
imports between rule modules, and import cycles.

    python3 scripts/layout_figures.py [PACKAGE_DIR]   # default server/backend_architect

A rule module is one that registers a rule (``@register``). Cycles are found among the
package's modules by every import, function-level and TYPE_CHECKING ones included: a type
annotation ties two modules as much as a call does.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_name(package: Path, path: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(tree: ast.Module, name: str, is_package: bool, known: set[str]) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found |= {f"{target}.{a.name}" for a in node.names}
    return {f for f in found if f in known}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    package = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "server" / "backend_architect"
    files = sorted(package.rglob("*.py"))
    names = {module_name(package, f): f for f in files}
    trees = {n: ast.parse(f.read_text(encoding="utf-8")) for n, f in names.items()}
    sizes = {n: len(f.read_text(encoding="utf-8").splitlines()) for n, f in names.items()}
    counted = {n: s for n, s in sizes.items() if names[n].name != "__init__.py"}
    rule_modules = {
        n for n, t in trees.items() if any(
            isinstance(d, ast.Name) and d.id == "register"
            for node in t.body if isinstance(node, ast.ClassDef) for d in node.decorator_list
        )
    }  # fmt: skip
    known = set(names)
    graph = {
        n: imports_of(t, n, names[n].name == "__init__.py", known) - {n} for n, t in trees.items()
    }
    largest = sorted(counted.items(), key=lambda kv: -kv[1])[:8]
    print(f"modules (not counting __init__.py): {len(counted)}")
    print(f"median module: {statistics.median(counted.values()):.0f} lines")
    print("largest: " + " · ".join(f"{n.split('.', 1)[1]} {s:,}" for n, s in largest))
    print(f"modules over 600 lines: {sum(1 for s in counted.values() if s > 600)}")
    edges = sorted((a, b) for a in rule_modules for b in graph[a] if b in rule_modules)
    print(f"rule modules: {len(rule_modules)}; imports between rule modules: {len(edges)}")
    for a, b in edges:
        print(f"  {a} -> {b}")
    found = cycles(graph)
    print(f"import cycles: {len(found)}")
    for comp in found:
        print("  " + " <-> ".join(c.split(".", 1)[1] for c in comp))
    return 0


if __name__ == "__main__":
    sys.exit(main())

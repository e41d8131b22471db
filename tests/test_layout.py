"""The tree keeps the shape ARCHITECTURE.md describes: one rule per module, named by its code and
name inside its family's package; rule modules never import one another; no import cycles in
the LSP front end or between the check cache and the workspace."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from backend_architect.rules.registry import rule_classes

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "backend_architect"
FIXTURES = Path(__file__).resolve().parent / "rules" / "fixtures"
FAMILY_PACKAGES = {
    "BA1": "security",
    "BA2": "auth",
    "BA3": "api",
    "BA4": "database",
    "BA5": "errors",
    "BA6": "dockerfile",
    "BA7": "compose",
    "BA8": "migrations",
    "BA9": "configuration",
}


def module_of(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module of the package this file imports, TYPE_CHECKING and function-level ones too."""
    here = module_of(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            found |= {target, *(f"{target}.{a.name}" for a in node.names)}
    return found


MODULES = {module_of(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {m: (imports(p) & MODULES.keys()) - {m} for m, p in MODULES.items()}


def reaches(start: str, goal: str, within: set[str]) -> bool:
    seen, todo = set(), [start]
    while todo:
        for nxt in GRAPH[todo.pop()] & within:
            if nxt == goal:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


@pytest.mark.parametrize("code", sorted(rule_classes()))
def test_rule_lives_in_its_own_module_named_by_code_and_name(code: str) -> None:
    cls = rule_classes()[code]
    family = FAMILY_PACKAGES[code[:3]]
    expected = f"{code.lower()}_{cls.info.name.replace('-', '_')}"
    assert cls.__module__ == f"backend_architect.rules.{family}.{expected}"
    others = [c for c in rule_classes().values() if c.__module__ == cls.__module__]
    assert others == [cls], "one rule per module"
    assert (
        (FIXTURES / f"{code}.py").is_file()
        or (FIXTURES / code).is_dir()
        or (FIXTURES / f"{code}.Dockerfile").is_file()
        or (FIXTURES / f"compose.{code}.yaml").is_file()
    ), "its fixture"


def test_no_rule_module_imports_another_and_support_imports_none() -> None:
    rule_modules = {c.__module__ for c in rule_classes().values()}
    for module in rule_modules:
        assert not GRAPH[module] & rule_modules, module
    support = {m for m in MODULES if m.startswith("backend_architect.rules.support")}
    for module in support:
        assert not GRAPH[module] & rule_modules, module


def test_no_import_cycle_in_the_lsp_front_end() -> None:
    lsp = {m for m in MODULES if m.startswith("backend_architect.lsp")}
    assert lsp
    for module in lsp:
        assert not reaches(module, module, lsp), f"{module} imports itself back"


def test_check_cache_and_workspace_do_not_import_each_other() -> None:
    cache = {m for m in MODULES if m.startswith("backend_architect.check_cache")}
    workspace = "backend_architect.workspace"
    assert cache
    everything = set(MODULES)
    assert not any(
        reaches(workspace, c, everything) and reaches(c, workspace, everything) for c in cache
    )


def test_no_import_cycle_anywhere_in_the_package() -> None:
    """Type-only and function-level imports count: a cycle of any kind ties two modules."""
    everything = set(MODULES)
    circular = sorted(m for m in everything if reaches(m, m, everything))
    assert circular == []

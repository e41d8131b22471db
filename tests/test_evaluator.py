"""The bounded evaluator: project functions followed over the facts, never run."""

from __future__ import annotations

import ast
from pathlib import Path

from _support import write_tree
from backend_architect.index.evaluator import Evaluator, ExtCall
from backend_architect.index.project import ProjectIndex
from backend_architect.index.symbol_types import UNKNOWN

HELPERS = """
import os

REGISTRY = {}
PREFIXES = ["a", "b"]


def register(name, path=None):
    def wrapper(cls):
        REGISTRY.setdefault(name, []).append(path if path is not None else name)
        return cls
    return wrapper


def paths(kind):
    out = []
    try:
        found = REGISTRY[kind]
    except KeyError:
        found = []
    for p in found + [f"{x}-{kind}" for x in PREFIXES if x != "b"]:
        out.append(os.path.join("root", p))
    return out


def forever(n):
    total = []
    for i in range(n):
        total.append(i)
    return total


def squares(n):
    x = 3
    for _ in range(n):
        x = x * x
    return x


def unknowable():
    if os.environ.get("X"):
        return ["x"]
    return ["y"]


@register("views", path="list")
@register("views")
class Views:
    pass
"""


def _setup(tmp_path: Path) -> tuple[ProjectIndex, Evaluator]:
    write_tree(tmp_path, {"helpers.py": HELPERS + "\nurlpatterns = []\n"})
    index = ProjectIndex(str(tmp_path))
    index.build()
    facts = index.facts(str(tmp_path / "helpers.py"))
    assert facts is not None
    evaluator = Evaluator(index.symbols, max_steps=5_000)
    evaluator.run_decorators([facts])
    return index, evaluator


def _value(index: ProjectIndex, evaluator: Evaluator, tmp_path: Path, source: str) -> object:
    facts = index.facts(str(tmp_path / "helpers.py"))
    assert facts is not None
    return evaluator.value(facts, "", ast.parse(source, mode="eval").body)


def test_registries_filled_by_decorators_are_read_and_library_calls_are_kept(
    tmp_path: Path,
) -> None:
    index, evaluator = _setup(tmp_path)
    value = _value(index, evaluator, tmp_path, 'paths("views")')
    assert isinstance(value, list)
    # decorators apply bottom up; os.path.join is outside the project: kept, not run
    assert all(isinstance(v, ExtCall) and v.name == "os.path.join" for v in value)
    assert [v.args for v in value] == [("root", "views"), ("root", "list"), ("root", "a-views")]
    assert [v.args[1] for v in _value(index, evaluator, tmp_path, 'paths("none")')] == ["a-none"]


def test_what_cannot_be_known_is_unknown_and_the_budget_holds(tmp_path: Path) -> None:
    index, evaluator = _setup(tmp_path)
    assert _value(index, evaluator, tmp_path, "unknowable()") is UNKNOWN
    assert _value(index, evaluator, tmp_path, "forever(10)") == list(range(10))
    assert _value(index, evaluator, tmp_path, "forever(10 ** 6)") is UNKNOWN  # range capped
    evaluator.steps = 50
    assert _value(index, evaluator, tmp_path, "forever(1000)") is UNKNOWN  # steps spent


def test_numbers_and_formats_that_would_grow_without_bound_are_unknown(tmp_path: Path) -> None:
    """Bounded in size as well as in steps: repeated squaring, and a format's width, would
    take seconds and hundreds of MB before any length check."""
    index, evaluator = _setup(tmp_path)
    assert _value(index, evaluator, tmp_path, "squares(3)") == 3**8
    assert _value(index, evaluator, tmp_path, "squares(40)") is UNKNOWN
    assert _value(index, evaluator, tmp_path, '("%%0%dd" % 300000000) % 1') is UNKNOWN
    assert _value(index, evaluator, tmp_path, '("{:>%d}" % 300000000).format("x")') is UNKNOWN
    assert _value(index, evaluator, tmp_path, '"%05d" % 42') == "00042"
    assert _value(index, evaluator, tmp_path, '"/{}/{:>3}".format("a", "b")') == "/a/  b"

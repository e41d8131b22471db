"""What a file defines, computed once per file for every rule that asks (and for the engine's
callee resolver): its imports, module-level functions and classes, the qualified name of each
function, and per scope the bindings of each name and the ``return`` statements."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..core.syntax import dotted_name
from .nodes import children

Pos = tuple[int, int]
END: Pos = (1 << 30, 0)


def pos_of(node: ast.AST) -> Pos:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


# --- what a file defines: scopes, bindings, helpers, imports ---------------------------------


@dataclass(frozen=True)
class Binding:
    pos: Pos
    value: ast.expr | None  # None when the value is unknown (unpacking, ``with ... as``)
    kind: str  # param | assign | unpack | aug | for | for-unknown


@dataclass
class Scope:
    node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef
    qualname: str  # "" for the module, as index facts name scopes
    owner: ast.ClassDef | None  # the class of a method
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    returns: list[ast.Return] = field(default_factory=list)
    # the two arms of each ``if``/``else``: (body start, body end, else start, else end)
    branches: list[tuple[Pos, Pos, Pos, Pos]] = field(default_factory=list)

    def before(self, name: str, at: Pos) -> tuple[Binding | None, list[Binding]]:
        """The last plain binding of ``name`` before ``at`` and the ``+=`` after it; a
        binding in the other arm of an ``if``/``else`` than ``at`` never runs before it."""
        last: Binding | None = None
        augs: list[Binding] = []
        for b in self.bindings.get(name, ()):
            if b.pos >= at:
                break
            if self.branches and self._other_arm(b.pos, at):
                continue
            if b.kind == "aug":
                augs.append(b)
            else:
                last, augs = b, []
        return last, augs

    def _other_arm(self, pos: Pos, at: Pos) -> bool:
        return any(bs <= pos <= be and es <= at <= ee for bs, be, es, ee in self.branches)


def _collect(scope: Scope, body: list[ast.stmt]) -> None:
    """Record bindings and returns of one scope, not entering nested functions or classes."""
    todo: list[ast.AST] = list(reversed(body))
    found: list[tuple[str, Binding]] = []
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            if not isinstance(node, ast.Lambda):
                found.append((node.name, Binding(pos_of(node), None, "assign")))
            continue
        if isinstance(node, ast.Assign):
            for target in node.targets:
                _bind_target(found, target, node.value, pos_of(node), "assign")
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            _bind_target(found, node.target, node.value, pos_of(node), "assign")
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            kind = "aug" if isinstance(node.op, ast.Add) else "assign"
            found.append(
                (node.target.id, Binding(pos_of(node), node.value if kind == "aug" else None, kind))
            )
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            _bind_target(found, node.target, node.iter, pos_of(node), "for")
        elif isinstance(node, ast.NamedExpr):
            found.append((node.target.id, Binding(pos_of(node), node.value, "assign")))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    _bind_target(found, item.optional_vars, None, pos_of(node), "assign")
        elif isinstance(node, ast.Return):
            scope.returns.append(node)
        elif isinstance(node, ast.If) and node.orelse:
            scope.branches.append((_start(node.body[0]), _end(node.body[-1]),
                                   _start(node.orelse[0]), _end(node.orelse[-1])))  # fmt: skip
        todo.extend(reversed(children(node, with_context=False)))
    for name, binding in sorted(found, key=lambda f: f[1].pos):
        scope.bindings.setdefault(name, []).append(binding)


def _start(node: ast.stmt) -> Pos:
    return (node.lineno, node.col_offset)


def _end(node: ast.stmt) -> Pos:
    return (node.end_lineno or node.lineno, node.end_col_offset or 0)


def _bind_target(
    found: list[tuple[str, Binding]], target: ast.expr, value: ast.expr | None, pos: Pos, kind: str
) -> None:
    if isinstance(target, ast.Name):
        found.append((target.id, Binding(pos, value, kind)))
    elif isinstance(target, (ast.Tuple, ast.List)):
        # unpacking: each name is bound to a part of the whole value, kept as ``unpack`` (what
        # the value is made of, for flows that follow data or constants, not a value itself)
        for elt in target.elts:
            if kind == "for":
                _bind_target(found, elt, None, pos, "for-unknown")
            elif isinstance(elt, ast.Name) and value is not None:
                found.append((elt.id, Binding(pos, value, "unpack")))
            else:
                _bind_target(found, elt, None, pos, "assign")


# a line that can hold an import statement other than at the module's top level: the word
# ``import`` on a line that does not start (unindented) with ``import`` or ``from``: in a
# block, after ``def f():`` or ``try:``, after ``;`` (a word in a comment or string counts
# too, which only costs a walk); a backslash continuation can put anything anywhere
_IMPORT_OR_CONTINUATION_RE = re.compile(r"\bimport\b|\\\r?\n")


def _may_import_nested(text: str) -> bool:
    """Whether a line of ``text`` names ``import`` without starting with ``import`` or
    ``from``, or a line continues with a backslash: each occurrence of the word is checked
    against its own line (one regex over the lines was slow: it backtracked on every line)."""
    for m in _IMPORT_OR_CONTINUATION_RE.finditer(text):
        if m.group() != "import":
            return True  # a backslash continuation
        start = text.rfind("\n", 0, m.start()) + 1
        if not text.startswith(("import ", "import\t", "from ", "from\t"), start):
            return True
    return False


class FileScopes:
    """Computed once per file, on the first call the rule looks at."""

    def __init__(self, tree: ast.Module, text: str | None = None) -> None:
        self.imports: dict[str, str] = {}
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # module level
        self.classes: dict[str, ast.ClassDef] = {}
        self._tree = tree
        self._scopes: dict[int, Scope] = {}
        # ``Class.method`` and its class per function; complete once a deep walk has run
        self._qualnames: dict[int, tuple[str, ast.ClassDef | None]] = {}
        # ``qualified`` per expression node: a dozen rules ask it of every call's callee
        self._qualified: dict[int, tuple[ast.expr, str | None]] = {}
        self.module = Scope(tree, "", None)
        _collect(self.module, tree.body)
        self._scopes[id(tree)] = self.module
        # imports anywhere count (``def f(): import pickle``); without any indented import
        # statement in the text, the module's own statements hold them all
        self._deep = text is None or _may_import_nested(text)
        self._walk(tree.body, "", None, self._deep)

    def _walk(
        self, body: list[ast.stmt], prefix: str, owner: ast.ClassDef | None, deep: bool
    ) -> None:
        """Imports, module-level definitions and qualified names; ``deep`` enters definitions
        (a second, deep walk finds the same imports again: without ``deep`` there are none
        inside them)."""
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                if not prefix:
                    self.classes[stmt.name] = stmt
                if deep:
                    self._walk(
                        stmt.body, f"{prefix}.{stmt.name}" if prefix else stmt.name, stmt, deep
                    )
            elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qual = f"{prefix}.{stmt.name}" if prefix else stmt.name
                if not prefix:
                    self.functions[stmt.name] = stmt
                self._qualnames[id(stmt)] = (qual, owner)
                if deep:
                    self._walk(stmt.body, qual, None, deep)
            elif isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    self.imports[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
            elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
                for alias in stmt.names:
                    self.imports[alias.asname or alias.name] = f"{stmt.module}.{alias.name}"
            else:  # compound statements (if/try/with/for/match) can hold defs and imports
                for sub in sub_bodies(stmt):
                    self._walk(sub, prefix, owner, deep)

    def _qualname(
        self, fn: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[str, ast.ClassDef | None]:
        """``Class.method`` and its class (methods and nested functions need the deep walk)."""
        if not self._deep:
            self._deep = True
            self._walk(self._tree.body, "", None, True)
        return self._qualnames.get(id(fn), (fn.name, None))

    def owner_of(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.ClassDef | None:
        """The class ``fn`` is a method of, if any."""
        return self._qualname(fn)[1]

    def scope(self, fn: ast.FunctionDef | ast.AsyncFunctionDef | None) -> Scope:
        if fn is None:
            return self.module
        hit = self._scopes.get(id(fn))
        if hit is None:
            qual, owner = self._qualname(fn)
            hit = Scope(fn, qual, owner)
            args = fn.args
            for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                if a is not None:
                    hit.bindings.setdefault(a.arg, []).append(Binding((0, 0), None, "param"))
            _collect(hit, fn.body)
            self._scopes[id(fn)] = hit
        return hit

    def qualified(self, expr: ast.expr) -> str | None:
        """``sqlalchemy.text`` for ``text`` after ``from sqlalchemy import text``."""
        hit = self._qualified.get(id(expr))
        if hit is not None and hit[0] is expr:  # the node is held: its id cannot be reused
            return hit[1]
        name = dotted_name(expr)
        out = None
        if name is not None:
            head, _, rest = name.partition(".")
            target = self.imports.get(head)
            if target is not None:
                out = f"{target}.{rest}" if rest else target
        self._qualified[id(expr)] = (expr, out)
        return out

    def imports_module(self, modules: tuple[str, ...]) -> bool:
        return any(v.split(".")[0] in modules for v in self.imports.values())


def sub_bodies(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    for attr in ("body", "orelse", "finalbody"):
        sub = getattr(stmt, attr, None)
        if isinstance(sub, list):
            yield sub
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    for case in getattr(stmt, "cases", ()):
        yield case.body

"""Per-file facts: what one module defines, imports and calls, extracted in one walk.

Facts are the unit of incrementality: an edit re-extracts the facts of one file, and the linker
(:mod:`.linker`) turns the facts of all files into routes and models. Facts keep references to
the few AST nodes the linker interprets (assigned values, decorators, handler definitions), not
the whole tree.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..core.model import Span
from ..core.parsing import ParsedFile, ParseProblem

# Method calls the linker interprets when they appear as statements (``app.include_router(...)``).
# Framework modules add to this set; anything else is not kept.
INTERESTING_CALLS: set[str] = {
    "include_router",
    "add_api_route",
    "add_api_websocket_route",
    "add_route",
    "mount",
    "register_blueprint",
    "add_url_rule",
    "register",
    "unregister",  # admin.site.unregister(User) before registering its own admin
    "before_request",
    "add_middleware",
}

# Attributes set on an object (``appbuilder.indexview = HomeView``) that a linker reads: kept
# in ``ModuleFacts.attr_sets`` (framework modules add to it, as to INTERESTING_CALLS)
INTERESTING_ATTRS: set[str] = set()

Scope = str  # "" for module level, else the dotted name of the enclosing function or class


@dataclass
class FunctionFacts:
    name: str
    qualname: str  # "outer.inner" or "Class.method"
    scope: Scope  # where it is defined
    node: ast.FunctionDef | ast.AsyncFunctionDef
    span: Span  # the name
    full_span: Span  # decorators to the end of the body

    @property
    def decorators(self) -> list[ast.expr]:
        return self.node.decorator_list


@dataclass
class ClassFacts:
    name: str
    qualname: str
    scope: Scope
    bases: list[ast.expr]
    node: ast.ClassDef
    span: Span
    # class-level assignments: name -> (annotation, value)
    fields: dict[str, tuple[ast.expr | None, ast.expr | None]] = field(default_factory=dict)
    methods: dict[str, FunctionFacts] = field(default_factory=dict)


@dataclass
class CallFacts:
    scope: Scope
    receiver: ast.expr  # ``app`` in ``app.include_router(...)``
    method: str
    node: ast.Call


@dataclass
class ModuleFacts:
    path: str
    module: str  # dotted name, as imports elsewhere spell it
    digest: str
    is_package: bool
    imports: dict[str, str] = field(default_factory=dict)  # local name -> dotted target
    # ``from .x import *`` at module level: the dotted modules, in order (a package
    # ``__init__`` re-exporting its submodules); what each exports is its ``__all__``
    star_imports: list[str] = field(default_factory=list)
    # module-level imports in order: (line, dotted) for ``import a.b`` (a.b), ``from a import
    # b`` (a, and a.b in case b is a submodule): what runs the first time this module runs
    module_imports: list[tuple[int, str]] = field(default_factory=list)
    # assignments per scope: (scope, name) -> value (the last one wins, as at run time mostly)
    assigns: dict[tuple[Scope, str], ast.expr] = field(default_factory=dict)
    assign_lines: dict[tuple[Scope, str], int] = field(default_factory=dict)
    functions: dict[str, FunctionFacts] = field(default_factory=dict)  # by qualname
    classes: dict[str, ClassFacts] = field(default_factory=dict)  # by qualname
    # decorated definitions that a later one of the same name replaced: their decorators ran
    # all the same (``@router.get("/a") def f`` then ``@router.get("/b") def f`` serves both)
    shadowed: list[FunctionFacts] = field(default_factory=list)
    calls: list[CallFacts] = field(default_factory=list)
    # other statement-level calls that pass a name along (``register_blueprints(app)``): the
    # linkers follow an app or router handed to a helper function through these
    call_sites: list[tuple[Scope, ast.Call]] = field(default_factory=list)
    # decorators applied by a call, ``bp.route("/x")(view)``: the outer call, whose ``func``
    # is the decorator call and whose one argument the decorated function
    applied: list[tuple[Scope, ast.Call]] = field(default_factory=list)
    # ``for name in <iterable>``: what the loop variable runs over (``for r in ROUTERS:``)
    loops: dict[tuple[Scope, str], ast.expr] = field(default_factory=dict)
    # ``name += value`` (``urlpatterns += router.urls``): (0-based line, value) in order
    augments: dict[tuple[Scope, str], list[tuple[int, ast.expr]]] = field(default_factory=dict)
    # ``name = wrap(name, ...)`` (``urlpatterns = format_suffix_patterns(urlpatterns)``): the
    # earlier value stays in ``assigns``; (0-based line, the wrapping call) in order
    wraps: dict[tuple[Scope, str], list[tuple[int, ast.Call]]] = field(default_factory=dict)
    # function qualname -> the values its ``return`` statements give, in source order (all of
    # them: an early ``return CACHE[key]`` must not hide the ``return app`` below it)
    returns: dict[str, list[ast.expr]] = field(default_factory=dict)
    # ``self.name = value`` in a method: (class qualname, name) -> [(method qualname, value)]
    instance_attrs: dict[tuple[str, str], list[tuple[Scope, ast.expr]]] = field(
        default_factory=dict
    )
    # ``obj.name = value`` for a name in INTERESTING_ATTRS: (scope, target, value) in order
    attr_sets: list[tuple[Scope, ast.Attribute, ast.expr]] = field(default_factory=list)
    # statements that change a list in place (``urlpatterns.append(...)``, or a loop or ``if``
    # doing it): (0-based first line, last line, statement) in order, for the evaluator
    mutations: dict[tuple[Scope, str], list[tuple[int, int, ast.stmt]]] = field(
        default_factory=dict
    )
    problems: list[ParseProblem] = field(default_factory=list)
    wide_lines: dict[int, str] = field(default_factory=dict)  # non-ASCII lines, for columns
    stale: bool = False  # facts come from the last good parse; the current text does not parse


Lines = Mapping[int, str] | Sequence[str]


def char_column(line: str | None, byte_col: int) -> int:
    """ast gives UTF-8 byte offsets; the core speaks characters."""
    if line is None or line.isascii():
        return byte_col
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _line(lines: Lines | None, n: int) -> str | None:
    if lines is None:
        return None
    if isinstance(lines, Mapping):
        return lines.get(n)
    return lines[n] if 0 <= n < len(lines) else None


def span_of(node: ast.AST, lines: Lines | None = None) -> Span:
    """The node's span in characters; ``lines`` (all lines, or just the non-ASCII ones) is
    needed for exact columns on lines with non-ASCII text."""
    line = node.lineno - 1  # type: ignore[attr-defined]
    end_line = (getattr(node, "end_lineno", None) or node.lineno) - 1  # type: ignore[attr-defined]
    col = node.col_offset  # type: ignore[attr-defined]
    end_col = getattr(node, "end_col_offset", None)
    end_col = col if end_col is None else end_col
    return Span.of(
        line,
        char_column(_line(lines, line), col),
        end_line,
        char_column(_line(lines, end_line), end_col),
    )


def name_span(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, lines: list[str]
) -> Span:
    """The span of the name in ``def name`` / ``class name``."""
    line = node.lineno - 1
    text = lines[line] if line < len(lines) else ""
    keyword = "class" if isinstance(node, ast.ClassDef) else "def"
    start = text.find(keyword + " ", char_column(text, node.col_offset))
    if start >= 0:
        col = text.find(node.name, start + len(keyword))
        if col >= 0:
            return Span.of(line, col, line, col + len(node.name))
    return Span.of(line, node.col_offset, line, node.col_offset)


def full_span(
    node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, lines: Lines | None = None
) -> Span:
    """From the first decorator's ``@`` to the end of the body."""
    first = min([d.lineno for d in node.decorator_list] + [node.lineno]) - 1
    start_col = min(
        [d.col_offset - 1 for d in node.decorator_list if d.lineno - 1 == first] + [node.col_offset]
    )
    end = span_of(node, lines).end
    return Span.of(first, char_column(_line(lines, first), max(start_col, 0)), end.line, end.column)


def resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    base = ".".join(parts)
    if target:
        return f"{base}.{target}" if base else target
    return base


class _Extractor:
    def __init__(self, facts: ModuleFacts, lines: list[str]) -> None:
        self.facts = facts
        self.lines = lines
        self.in_mutation = False  # inside a statement recorded whole in ``mutations``

    def mutation(self, stmt: ast.stmt, scope: Scope) -> bool:
        """Record ``stmt`` under each list it appends to (itself or, for a loop or ``if``,
        anywhere in its body), unless an enclosing statement holds it already."""
        if self.in_mutation or scope:  # urlconf lists are module globals
            return False
        names = {
            node.func.value.id
            for node in ast.walk(stmt)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend", "insert")
            and isinstance(node.func.value, ast.Name)
        }
        end = getattr(stmt, "end_lineno", stmt.lineno) or stmt.lineno
        for name in sorted(names):
            entry = (stmt.lineno - 1, end - 1, stmt)
            self.facts.mutations.setdefault((scope, name), []).append(entry)
        return bool(names)

    def run(self, tree: ast.Module) -> None:
        self.body(tree.body, "")

    def body(self, stmts: list[ast.stmt], scope: Scope) -> None:
        for stmt in stmts:
            self.stmt(stmt, scope)

    def stmt(self, stmt: ast.stmt, scope: Scope) -> None:
        facts = self.facts
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            qual = f"{scope}.{stmt.name}" if scope else stmt.name
            fn = FunctionFacts(
                stmt.name,
                qual,
                scope,
                stmt,
                name_span(stmt, self.lines),
                full_span(stmt, self.lines),
            )
            replaced = facts.functions.get(qual)
            if replaced is not None and replaced.decorators:
                facts.shadowed.append(replaced)
            facts.functions[qual] = fn
            owner = facts.classes.get(scope)
            if owner is not None:
                owner.methods[stmt.name] = fn
            # a parameter with a literal string default (``def create_app(health_path: str =
            # "/health")``) stands for that default inside the function: an app factory's
            # routes are registered with it when the factory is called without the argument
            args = stmt.args
            positional = [*args.posonlyargs, *args.args]
            pairs = [
                *zip(
                    positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
                ),
                *zip(args.kwonlyargs, args.kw_defaults, strict=True),
            ]
            for arg, default in pairs:
                if isinstance(default, ast.Constant) and isinstance(default.value, str):
                    facts.assigns[(qual, arg.arg)] = default
            self.body(stmt.body, qual)
        elif isinstance(stmt, ast.ClassDef):
            qual = f"{scope}.{stmt.name}" if scope else stmt.name
            cls = ClassFacts(
                stmt.name, qual, scope, list(stmt.bases), stmt, name_span(stmt, self.lines)
            )
            facts.classes[qual] = cls
            for item in stmt.body:
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    cls.fields[item.target.id] = (item.annotation, item.value)
                elif isinstance(item, ast.Assign):
                    for target in item.targets:
                        if isinstance(target, ast.Name):
                            cls.fields[target.id] = (None, item.value)
            self.body(stmt.body, qual)
        elif isinstance(stmt, ast.Import):
            if not scope:
                for alias in stmt.names:
                    facts.module_imports.append((stmt.lineno, alias.name))
                    if alias.asname:
                        facts.imports[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        facts.imports[top] = top
        elif isinstance(stmt, ast.ImportFrom):
            base = resolve_relative(facts.module, facts.is_package, stmt.level, stmt.module)
            if not scope and base:
                facts.module_imports.append((stmt.lineno, base))
                facts.module_imports.extend(
                    (stmt.lineno, f"{base}.{a.name}") for a in stmt.names if a.name != "*"
                )
            for alias in stmt.names:
                if alias.name == "*":
                    if not scope and base:
                        facts.star_imports.append(base)
                    continue
                dotted = f"{base}.{alias.name}" if base else alias.name
                facts.imports[alias.asname or alias.name] = dotted
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                self.assign(target, stmt.value, scope, stmt.lineno)
            self.expr_stmt(stmt.value, scope)
        elif isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.assign(stmt.target, stmt.value, scope, stmt.lineno)
        elif isinstance(stmt, ast.AugAssign):
            if isinstance(stmt.op, ast.Add) and isinstance(stmt.target, ast.Name):
                key = (scope, stmt.target.id)
                facts.augments.setdefault(key, []).append((stmt.lineno - 1, stmt.value))
        elif isinstance(stmt, ast.Expr):
            self.mutation(stmt, scope)
            self.expr_stmt(stmt.value, scope)
        elif isinstance(stmt, ast.Return):
            if stmt.value is not None and scope in facts.functions:
                facts.returns.setdefault(scope, []).append(stmt.value)
            if stmt.value is not None:
                self.expr_stmt(stmt.value, scope)
        elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            if isinstance(stmt, (ast.For, ast.AsyncFor)) and isinstance(stmt.target, ast.Name):
                facts.loops[(scope, stmt.target.id)] = stmt.iter
            outer = self.in_mutation
            self.in_mutation = outer or self.mutation(stmt, scope)
            self.body(stmt.body, scope)
            self.body(stmt.orelse, scope)
            self.in_mutation = outer
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            self.body(stmt.body, scope)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self.body(stmt.body, scope)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                self.body(handler.body, scope)
            self.body(stmt.orelse, scope)  # type: ignore[attr-defined]
            self.body(stmt.finalbody, scope)  # type: ignore[attr-defined]

    def assign(self, target: ast.expr, value: ast.expr, scope: Scope, lineno: int) -> None:
        if isinstance(target, ast.Name):
            key = (scope, target.id)
            # only a list keeps its earlier value: a string or number rebuilt from itself
            # (``PREFIX = with_version(PREFIX)``) is a new value the index cannot know
            earlier = _list_like(self.facts.assigns.get(key))
            extra = _list_extension(target.id, value)
            if extra is not None and earlier:
                # ``urlpatterns = [debug_url] + urlpatterns``: the earlier list, extended
                self.facts.augments.setdefault(key, []).append((lineno - 1, extra))
                return
            if earlier and _wraps_itself(target.id, value):
                assert isinstance(value, ast.Call)
                self.facts.wraps.setdefault(key, []).append((lineno - 1, value))
                return
            self.facts.assigns[key] = value
            self.facts.assign_lines[(scope, target.id)] = lineno - 1
        elif isinstance(target, ast.Attribute):
            fn = self.facts.functions.get(scope)
            owner = fn.scope if fn is not None and fn.scope in self.facts.classes else None
            params = [*fn.node.args.posonlyargs, *fn.node.args.args] if fn is not None else []
            if (
                owner is not None
                and params
                and isinstance(target.value, ast.Name)
                and params[0].arg == target.value.id
            ):
                # a method's ``self.app = app``: what the instance holds, read where another
                # method uses ``self.app`` (an app kept by an initializer or extension)
                key = (owner, target.attr)
                self.facts.instance_attrs.setdefault(key, []).append((scope, value))
            elif target.attr in INTERESTING_ATTRS:
                self.facts.attr_sets.append((scope, target, value))

    def expr_stmt(self, value: ast.expr, scope: Scope) -> None:
        if not isinstance(value, ast.Call):
            return
        if (
            isinstance(value.func, ast.Call)
            and isinstance(value.func.func, ast.Attribute)
            and len(value.args) == 1
            and not value.keywords
            and isinstance(value.args[0], (ast.Name, ast.Attribute))
        ):
            self.facts.applied.append((scope, value))
            if value.func.func.attr == "get" and len(value.func.args) == 2:
                # ``config.get("APP_INITIALIZER", AppInitializer)(app)``: a class called
                self.facts.call_sites.append((scope, value))
            return
        if isinstance(value.func, ast.Attribute) and value.func.attr in INTERESTING_CALLS:
            self.facts.calls.append(CallFacts(scope, value.func.value, value.func.attr, value))
        # an interesting method may be the project's too (an extension's ``init_app(app)``)
        if isinstance(value.func, (ast.Name, ast.Attribute)) and any(
            isinstance(a, ast.Name) or _is_self_attr(a)
            for a in [*value.args, *(k.value for k in value.keywords)]
        ):
            self.facts.call_sites.append((scope, value))


def _is_self_attr(expr: ast.expr) -> bool:
    """``self.app``: an object a method hands on (``Ext().init_app(self.app)``)."""
    return (
        isinstance(expr, ast.Attribute)
        and isinstance(expr.value, ast.Name)
        and expr.value.id == "self"
    )


def _list_extension(name: str, value: ast.expr) -> ast.expr | None:
    """What ``name = [...] + name`` or ``name = name + router.urls`` adds: it extends the
    earlier value of ``name`` as ``+=`` does (the earlier list is not lost)."""
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add)):
        return None
    for own, other in ((value.left, value.right), (value.right, value.left)):
        if (
            isinstance(own, ast.Name)
            and own.id == name
            and not (isinstance(other, ast.Name) and other.id == name)
        ):
            return other
    return None


def _list_like(value: ast.expr | None) -> bool:
    """A list display, a sum of them, or a call given one (``format_suffix_patterns([...])``)."""
    if isinstance(value, (ast.List, ast.Tuple, ast.ListComp)):
        return True
    if isinstance(value, ast.Attribute) and value.attr == "urls":  # ``urlpatterns = router.urls``
        return True
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _list_like(value.left) or _list_like(value.right)
    return isinstance(value, ast.Call) and any(_list_like(a) for a in value.args)


def _wraps_itself(name: str, value: ast.expr) -> bool:
    """``name = wrap(name, ...)`` or ``wrap(*name)``: the earlier value, passed through a
    function that returns it changed (suffixes, decorators applied, a language prefix)."""
    return isinstance(value, ast.Call) and any(
        (isinstance(a, ast.Name) and a.id == name)
        or (isinstance(a, ast.Starred) and isinstance(a.value, ast.Name) and a.value.id == name)
        for a in value.args
    )


def lambda_facts(facts: ModuleFacts, scope: Scope, node: ast.Lambda) -> FunctionFacts:
    """A lambda as the function it stands for (a view given as ``lambda: "ok"``): a ``def``
    named ``<lambda>`` returning its body, spanning the lambda."""
    fn = ast.FunctionDef(
        name="<lambda>",
        args=node.args,
        body=[ast.copy_location(ast.Return(value=node.body), node.body)],
        decorator_list=[],
        returns=None,
    )
    ast.copy_location(fn, node)
    fn.end_lineno, fn.end_col_offset = node.end_lineno, node.end_col_offset
    span = span_of(node, facts.wide_lines)
    qualname = f"{scope}.<lambda>" if scope else "<lambda>"
    return FunctionFacts("<lambda>", qualname, scope, fn, span, span)


def extract_facts(parsed: ParsedFile, module: str, is_package: bool) -> ModuleFacts:
    facts = ModuleFacts(parsed.path, module, parsed.digest, is_package)
    facts.problems = list(parsed.problems)
    if parsed.tree is not None:
        lines = parsed.lines
        facts.wide_lines = {i: line for i, line in enumerate(lines) if not line.isascii()}
        _Extractor(facts, lines).run(parsed.tree)
    return facts

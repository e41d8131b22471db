"""BA308 inconsistent-error-shape: an error response shaped unlike the project's other handlers."""

from __future__ import annotations

import ast

from ...core.model import Severity
from ...core.syntax import keyword_value
from ...index.frameworks.common import status_literal
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import FunctionNode, body_nodes, call_name
from ..support.handlers import handlers

ERROR_KEYS = frozenset({"error", "errors", "detail", "message", "msg", "error_message", "err"})


def error_sites(fn: FunctionNode) -> list[tuple[str, ast.expr]]:
    """(shape, node) for each error response the handler writes: the top-level key of a
    dict body sent with a status >= 400, or FastAPI's ``HTTPException`` (``{"detail": ...}``)."""
    out: list[tuple[str, ast.expr]] = []
    for node in body_nodes(fn):
        body: ast.expr | None = None
        status: int | None = None
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            elts = node.value.elts
            if len(elts) >= 2:
                body, status = elts[0], status_literal(elts[1])
        elif isinstance(node, ast.Call) and call_name(node).endswith("Response"):
            body = node.args[0] if node.args else keyword_value(node, "content", "data")
            status = status_literal(keyword_value(node, "status", "status_code"))
        elif (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and call_name(node.exc) == "HTTPException"
            and (keyword_value(node.exc, "detail") is not None or len(node.exc.args) >= 2)
        ):
            out.append(("detail", node.exc.func))
            continue
        if status is None or status < 400:
            continue
        if isinstance(body, ast.Call) and call_name(body) == "jsonify":
            if body.keywords and not body.args:
                key = body.keywords[0]
                if key.arg in ERROR_KEYS:
                    out.append((key.arg, key.value))
                continue
            body = body.args[0] if len(body.args) == 1 else None
        if isinstance(body, ast.Dict) and body.keys:
            first = body.keys[0]
            if isinstance(first, ast.Constant) and first.value in ERROR_KEYS:
                out.append((str(first.value), first))
    return out


@register
class InconsistentErrorShape(Rule):
    # the sites judged are each handler's; the tally they are judged by is the project's
    scope = "handler"
    info = RuleInfo(
        code="BA308",
        name="inconsistent-error-shape",
        summary="Error response shaped differently from the project's other handlers.",
        severity=Severity.INFO,
        rationale=(
            'Clients read errors in one place: if most handlers answer `{"detail": ...}` '
            '(FastAPI\'s `HTTPException` does) and a few answer `{"error": ...}` or '
            '`{"message": ...}`, every client needs special cases and some errors show up '
            "as blank messages. The shape of each error response (the first key of a dict sent "
            "with a 4xx/5xx status, or `HTTPException`'s `detail`) is counted across the "
            "project's handlers; the sites of a shape used less often than the most common one "
            "are reported. A tie reports nothing."
        ),
        bad='return jsonify({"error": "not found"}), 404   # elsewhere: {"message": ...}',
        good='return jsonify({"message": "not found"}), 404',
    )

    def __init__(self) -> None:
        self._tally: tuple[int, int, dict[str, int]] | None = None
        # each file's shapes by its content: after an edit only the edited file is counted again
        self._by_file: dict[str, tuple[str, dict[str, int]]] = {}

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        sites = [s for fn, _ in handlers(ctx) for s in error_sites(fn)]
        if not sites:
            return
        tally = self._project_tally(ctx)
        if len(tally) < 2:
            return
        ranked = sorted(tally.items(), key=lambda kv: -kv[1])
        (major, major_n), (_, second_n) = ranked[0], ranked[1]
        if major_n == second_n:
            return
        total = sum(tally.values())
        for shape, node in sites:
            if shape != major:
                ctx.report(
                    node,
                    f'error body `{{"{shape}": ...}}`; most error responses in this project '
                    f'({major_n} of {total}) use `{{"{major}": ...}}`',
                )

    def _project_tally(self, ctx: FileContext) -> dict[str, int]:
        index = ctx.index
        assert index is not None
        if self._tally is not None and self._tally[:2] == (id(index), index.generation):
            return self._tally[2]
        tally: dict[str, int] = {}
        by_file: dict[str, tuple[str, dict[str, int]]] = {}
        for path in sorted(
            {r.file for r in index.routes if "package" not in r.tags and not r.generated}
        ):
            parsed = index.parsed(path)
            if parsed is None or parsed.tree is None:
                continue
            # which functions are handlers is the index's: this generation's routes decide
            routes = tuple((r.span, r.framework) for r in index.routes_in(path) if not r.generated)
            key = f"{parsed.digest}:{hash(routes)}"
            hit = self._by_file.get(path)
            if hit is None or hit[0] != key:
                counts: dict[str, int] = {}
                other = FileContext(path, parsed.text, parsed.tree, index, parsed.lines)
                for fn, _ in handlers(other):
                    for shape, _node in error_sites(fn):
                        counts[shape] = counts.get(shape, 0) + 1
                hit = (key, counts)
            by_file[path] = hit
            for shape, n in hit[1].items():
                tally[shape] = tally.get(shape, 0) + n
        self._by_file = by_file
        self._tally = (id(index), index.generation, tally)
        return tally

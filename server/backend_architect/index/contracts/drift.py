"""One file's handlers against the project's committed OpenAPI document: what breaks clients.

The current contract is built only for the file's own handlers; the committed document is read
once per content (``committed.py``). An operation the document promises that no handler serves
any more is reported once, in the project: on the handler that now serves it under another path
when its operationId names that handler (FastAPI's and this tool's ids are
``{function}{path}_{method}``), else on the route decorator of the file whose routes share most
of its path (the router it was taken from), else nowhere."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ...core.model import Route, Span
from ..project import ProjectIndex
from .breaking import breaking_changes, local_resolver
from .committed import METHODS, CommittedContract, find_committed, path_key
from .contract import ContractBuilder, openapi_path


@dataclass(frozen=True)
class ContractBreak:
    span: Span
    message: str
    version: str  # the committed document's info.version
    document: str  # its path relative to the project


def _served(route: Route) -> bool:
    return not route.is_websocket and route.framework != "graphql"


def file_breaks(index: ProjectIndex, path: str, setting: str | None = None) -> list[ContractBreak]:
    path = os.path.abspath(path)
    mine = [r for r in index.routes_in(path) if _served(r)]
    if mine:  # most files serve no route: the published set is not made for them
        published = {id(r) for r in index.published_routes()}
        mine = [r for r in mine if id(r) in published]
    if not mine:
        return []
    committed = find_committed(index.root, setting)
    if committed is None or not committed.operations:
        return []
    out = _changed(index, committed, mine)
    for span, labels in _removed(index, committed).get(path, {}).items():
        ops = ", ".join(labels)
        out.append(
            ContractBreak(
                span,
                f"{ops} of {_promise(committed)} is served by no handler any more "
                "(operation removed)",
                committed.version,
                committed.relative,
            )
        )
    return out


def _promise(c: CommittedContract) -> str:
    return f"the committed contract {c.relative} (version {c.version})"


def _changed(
    index: ProjectIndex, committed: CommittedContract, routes: list[Route]
) -> list[ContractBreak]:
    builder = ContractBuilder(index)
    found = [(r, builder.route_contracts(r)) for r in routes]
    resolve_new = local_resolver(builder.components())
    security = committed.document.get("security")
    out = []
    for route, contracts in found:
        problems: list[str] = []
        for c in contracts:
            promised = committed.operations.get(path_key(c.path, c.method))
            if promised is None:
                continue  # a new operation: compatible
            old = (
                promised[1] if "security" in promised[1] else {**promised[1], "security": security}
            )
            diffs = breaking_changes(old, committed.resolve, c.operation, resolve_new)
            if diffs:
                problems.append(f"`{c.method} {promised[0]}`: " + "; ".join(diffs))
        if problems:
            out.append(
                ContractBreak(
                    route.span,
                    "Breaks " + _promise(committed) + ": " + " / ".join(problems),
                    committed.version,
                    committed.relative,
                )
            )
    return out


_REMOVED: dict[tuple[int, int, str], dict[str, dict[Span, list[str]]]] = {}


def _removed(index: ProjectIndex, committed: CommittedContract) -> dict[str, dict[Span, list[str]]]:
    """file -> span -> the removed operations reported there, once per index generation and
    document content."""
    key = (id(index), index.generation, committed.digest)
    hit = _REMOVED.get(key)
    if hit is not None:
        return hit
    routes = [r for r in index.published_routes() if _served(r)]
    served: set[tuple[str, str]] = set()
    for r in routes:
        url = openapi_path(r.path)
        # with what the framework answers itself (werkzeug's and Starlette's HEAD beside GET)
        methods = METHODS if "ANY" in r.methods else r.answers
        served |= {path_key(url, m) for m in methods}
    by_file: dict[str, dict[Span, list[str]]] = {}
    for key_, (url, op) in committed.operations.items():
        if key_ in served:
            continue
        label = f"`{key_[1]} {url}`"
        moved = _renamed_handler(routes, op, url, key_[1])
        home = moved or _nearest(routes, url)
        if home is None:
            continue
        span = home.span if moved else home.decorator_span or home.span
        if moved is not None:  # the handler is there, under another path
            label += f" (now `{' '.join(moved.methods)} {openapi_path(moved.path)}`)"
        by_file.setdefault(os.path.abspath(home.file), {}).setdefault(span, []).append(label)
    if len(_REMOVED) > 8:
        _REMOVED.clear()
    _REMOVED[key] = by_file
    return by_file


def _renamed_handler(
    routes: list[Route], op: dict[str, object], url: str, method: str
) -> Route | None:
    oid = op.get("operationId")
    if not isinstance(oid, str):
        return None
    for r in routes:
        name = r.handler.rpartition(":")[2].rpartition(".")[2]
        if re.sub(r"\W", "_", f"{name}{url}") + f"_{method.lower()}" == oid:
            return r
    return None


def _segments(path: str) -> list[str]:
    return [s for s in path_key(path, "GET")[0].split("/") if s]


def _nearest(routes: list[Route], url: str) -> Route | None:
    """The first route (in file order) of the routes sharing most leading path segments."""
    want = _segments(url)
    best, best_n = None, 0
    for r in sorted(routes, key=lambda r: (r.file, r.span.start.line)):
        have = _segments(openapi_path(r.path))
        n = 0
        while n < min(len(want), len(have)) and want[n] == have[n]:
            n += 1
        if n > best_n:
            best, best_n = r, n
    return best

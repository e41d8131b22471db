"""Completion of what code writes to reach a route: the path in a test-client or HTTP-client
call (``client.get("/api/v1/|")``, ``requests.post(f"{BASE}/api/|")``), the name in
``url_for("|")`` (Flask), ``request.url_for``/``url_path_for`` (Starlette, FastAPI),
``reverse``/``redirect``/``resolve_url`` (Django).

Plain data (no LSP). Read from the text before the cursor, not from the tree: while a string is
being typed the line does not parse (its closing quote is missing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.model import Position, Route
from .frameworks.common import HTTP_METHODS
from .navigation import NOT_URLS, handler_name, method_fits

# a call's name, an optional method argument (``request("PUT", ...)``), the open string
_CALL_RE = re.compile(
    r"(?P<callee>[A-Za-z_][\w.]*)\s*\(\s*"
    r"(?:(?P<mq>[\"'])(?P<method>[A-Za-z]+)(?P=mq)\s*,\s*)?"
    r"(?:(?:url|path|name|viewname|endpoint|to)\s*=\s*)?"
    r"(?P<prefix>[rRbBuU]?[fF]?[rR]?)(?P<quote>[\"'])(?P<typed>[^\"'\n]*)$"
)
CLIENT_METHODS = frozenset(m.lower() for m in HTTP_METHODS) | {
    "request",
    "stream",
    "websocket_connect",
    "open",
}
# the name and the frameworks whose route names it takes
NAME_CALLS: dict[str, frozenset[str]] = {
    "url_for": frozenset({"flask", "appbuilder"}),
    "request.url_for": frozenset({"fastapi", "starlette"}),
    "url_path_for": frozenset({"fastapi", "starlette"}),
    "reverse": frozenset({"django", "drf"}),
    "reverse_lazy": frozenset({"django", "drf"}),
    "redirect": frozenset({"django", "drf"}),
    "resolve_url": frozenset({"django", "drf"}),
}
_HOST_RE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/]*")
_INTERPOLATION_RE = re.compile(r"^\{[^{}]*\}")
_PARAM_RE = re.compile(r"\{([^{}:]+)(?::[^{}]*)?\}")
LOOKBACK_LINES = 3  # a call's name may stand on the lines above its string
LIMIT = 200


@dataclass(frozen=True)
class UrlCompletion:
    label: str  # the full path, or the route's name
    detail: str  # "GET · app.items:get_item"
    text: str  # what replaces the typed part, as plain text
    snippet: str | None  # the same with the path's parameters as placeholders
    line: int
    start: int  # character columns of the typed part (replaced)
    end: int
    kind: str  # "path" | "name"
    sort: str


def _callee_kind(callee: str, in_fstring: bool) -> tuple[str, frozenset[str] | None] | None:
    """("path", None) for a client call, ("name", frameworks) for a URL-name call."""
    last = callee.rsplit(".", 1)[-1]
    if not in_fstring:
        for name, frameworks in NAME_CALLS.items():
            if callee == name or callee.endswith("." + name):
                if (
                    name == "url_for"
                    and callee != "url_for"
                    and not callee.endswith("flask.url_for")
                ):
                    return "name", NAME_CALLS["request.url_for"]  # request.url_for
                return "name", frameworks
    if last.lower() in CLIENT_METHODS and (callee != last or last in ("request", "open")):
        return "path", None
    return None


def _typed_path(typed: str) -> tuple[str, int, bool] | None:
    """(path typed so far, where it starts in ``typed``, whether a base URL comes first)."""
    offset, base = 0, False
    m = _HOST_RE.match(typed)
    if m:
        offset = m.end()  # a host written out: the path after it is the whole path
    else:
        while True:
            m = _INTERPOLATION_RE.match(typed[offset:])  # f"{BASE}/api/", f"{BASE}{V1}/"
            if not m:
                break
            offset, base = offset + m.end(), True
    rest = typed[offset:]
    if rest and not rest.startswith("/"):
        return None
    return rest, offset, base


def _segments_fit(typed: str, route_path: str) -> bool:
    """Whether ``route_path`` can continue what was typed: each typed segment a literal of
    the route or a value for one of its parameters, the last one possibly cut short."""
    want = typed.split("/")
    have = route_path.split("/")
    if len(want) > len(have):
        return False
    for n, seg in enumerate(want):
        target = have[n]
        is_param = bool(_PARAM_RE.fullmatch(target))
        if n == len(want) - 1:
            return is_param or target.startswith(seg) or seg == ""
        if not (seg == target or (is_param and seg and "/" not in seg)):
            return False
    return True


def _fit_path(typed: str, route: Route, base: bool) -> str | None:
    """The route's path when it continues ``typed``; with an unknown base first, a tail of
    the path that starts at a segment (the base may hold the leading segments)."""
    path = route.path
    if _segments_fit(typed, path):
        return path
    first = typed.split("/")[1] if typed.count("/") >= 1 and len(typed) > 1 else ""
    if base and first:
        # the base may hold the leading segments: a tail from a fixed word the typed one starts
        parts = path.split("/")
        for skip in range(2, len(parts)):
            word = parts[skip]
            if _PARAM_RE.fullmatch(word) or not word.startswith(first.split("/")[0]):
                continue
            tail = "/" + "/".join(parts[skip:])
            if _segments_fit(typed, tail):
                return tail
    return None


def snippet_of(path: str) -> str:
    """``/items/{item_id}`` -> ``/items/${1:item_id}`` (snippet syntax escaped elsewhere)."""
    out, last = [], 0
    for n, m in enumerate(_PARAM_RE.finditer(path), start=1):
        out.append(_escape(path[last : m.start()]))
        out.append(f"${{{n}:{_escape(m.group(1))}}}")
        last = m.end()
    out.append(_escape(path[last:]))
    return "".join(out)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def _route_detail(route: Route) -> str:
    return f"{' '.join(route.methods)} · {route.handler}"


def complete_url(
    lines: Sequence[str], pos: Position, routes: Iterable[Route]
) -> list[UrlCompletion]:
    """What can be completed at ``pos`` (character columns): route paths or route names."""
    if not 0 <= pos.line < len(lines):
        return []
    line = lines[pos.line].rstrip("\r\n")
    before = line[: pos.column]
    # the lines above too: ``client.get(\n    "/api/...``
    context = " ".join(
        lines[n].rstrip("\r\n").strip() for n in range(max(0, pos.line - LOOKBACK_LINES), pos.line)
    )
    m = _CALL_RE.search(before) or _CALL_RE.search(f"{context} {before.strip()}")
    if m is None:
        return []
    typed = m.group("typed")
    if not before.endswith(typed):
        return []
    start = pos.column - len(typed)
    found = _callee_kind(m.group("callee"), "f" in m.group("prefix").lower())
    if found is None:
        return []
    kind, frameworks = found
    routes = list(routes)
    if kind == "name":
        assert frameworks is not None
        return _names(routes, frameworks, pos.line, start, pos.column)
    method = m.group("method")
    callee_last = m.group("callee").rsplit(".", 1)[-1].upper()
    if method is None and callee_last in HTTP_METHODS:
        method = callee_last
    parsed = _typed_path(typed)
    if parsed is None:
        return []
    path, offset, base = parsed
    return _paths(
        routes, method.upper() if method else None, path, base, pos.line, start + offset, pos.column
    )


def _paths(
    routes: list[Route],
    method: str | None,
    typed: str,
    base: bool,
    line: int,
    start: int,
    end: int,
) -> list[UrlCompletion]:
    out: dict[str, UrlCompletion] = {}
    for r in routes:
        if r.framework in NOT_URLS or r.is_websocket or not method_fits(r, method):
            continue
        path = _fit_path(typed or "/", r, base) if typed else r.path
        if path is None or path in out:
            continue
        # the values typed for parameters stay ("/items/5/p" -> "/items/5/parts/{part_id}")
        want = typed.split("/") if typed else [""]
        text = "/".join(want[:-1] + path.split("/")[len(want) - 1 :])
        rank = "0" if r.reachable else "1"
        out[path] = UrlCompletion(
            label=path,
            detail=_route_detail(r),
            text=text,
            snippet=snippet_of(text) if _PARAM_RE.search(text) else None,
            line=line,
            start=start,
            end=end,
            kind="path",
            sort=f"{rank}{path}",
        )
        if len(out) >= LIMIT:
            break
    return sorted(out.values(), key=lambda c: c.sort)


def _names(
    routes: list[Route], frameworks: frozenset[str], line: int, start: int, end: int
) -> list[UrlCompletion]:
    out: dict[str, UrlCompletion] = {}
    for r in routes:
        if r.name is None or r.framework not in frameworks or r.name in out:
            continue
        out[r.name] = UrlCompletion(
            label=r.name,
            detail=f"{' '.join(r.methods)} {r.path} · {handler_name(r)}",
            text=r.name,
            snippet=None,
            line=line,
            start=start,
            end=end,
            kind="name",
            sort=("0" if r.reachable else "1") + r.name,
        )
        if len(out) >= LIMIT:
            break
    return sorted(out.values(), key=lambda c: c.sort)

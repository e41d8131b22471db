"""Navigation over the route index: URL strings in code matched to routes, route search, a
file's route outline and the full-path hints after route decorators.

Plain data in and out (no LSP). Works on any :class:`Route` whatever its framework; GraphQL
operations (framework ``graphql``) are searchable but never matched against URL strings.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..core.lines import lines_of
from ..core.model import Position, Route, Span
from ..core.parsing import parse_text
from ..core.source import content_digest
from .facts import span_of
from .frameworks.common import HTTP_METHODS

HOLE = "\x00"  # stands for a value the source does not spell out (an interpolation)
OPERATION_WORDS = frozenset(HTTP_METHODS) | {"CONNECT", "QUERY", "MUTATION", "SUBSCRIPTION"}
ANY_METHOD = frozenset({"*", "ANY"})
NOT_URLS = frozenset({"graphql"})  # operations have no URL of their own

_TEMPLATE_RE = re.compile(r"\{[^{}/]*\}|<[^<>/]*>")  # "{id}", "<int:id>" in a written path
_PERCENT_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXa]")
_SCHEME_HOST_RE = re.compile(r"^(?:([A-Za-z][A-Za-z0-9+.-]*|\x00+):)?//[^/]*")
_WEB_SCHEMES = frozenset({"http", "https", "ws", "wss"})
_PARAM_RE = re.compile(r"\{[^{}]*\}")
# where a URL path can start in source: after a quote, an f-string interpolation, a host
_MAY_HOLD_URL_RE = re.compile(r"[\"'}]/|://|%s/")


# --- URL sites in source --------------------------------------------------------------------


@dataclass(frozen=True)
class UrlSite:
    """A string expression in code that spells a URL path."""

    span: Span
    path: str  # "/users/\x00": no scheme, host or query; interpolations as HOLE
    method: str | None  # from the call it is passed to (``.post(...)``, ``request("PUT", ...)``)
    base_unknown: bool  # an unknown interpolation (a base URL) was stripped from the start

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(s for s in self.path.split("/") if s)


def normalise_url(raw: str) -> tuple[str, bool] | None:
    """``(path, base_unknown)`` for text that reads as a URL path, else None."""
    raw = re.sub(HOLE + "+", HOLE, re.split(r"[?#]", raw, maxsplit=1)[0])  # f"{a}{b}": one hole
    if not raw or len(raw) > 2048 or any(c.isspace() for c in raw):
        return None
    base_unknown = False
    m = _SCHEME_HOST_RE.match(raw)
    if m:
        scheme = m.group(1)
        if scheme is not None and HOLE not in scheme and scheme.lower() not in _WEB_SCHEMES:
            return None
        # a host interpolation may carry a path prefix too ("http://{host_and_prefix}/users")
        base_unknown = HOLE in m.group(0).rsplit("//", 1)[-1]
        raw = raw[m.end() :] or "/"
    elif raw.startswith(HOLE):
        raw = raw.lstrip(HOLE)
        base_unknown = True
    if not raw.startswith("/"):
        return None
    return raw, base_unknown


def _literal(text: str, template: bool) -> str:
    return _TEMPLATE_RE.sub(HOLE, text) if template else text


def _pieces(node: ast.AST) -> list[str] | None:
    """The expression as text with HOLE for what is not literal; None if it is no string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # a parameter first ("<id>/password/") is a relative rule, not a base URL
        return [node.value if _TEMPLATE_RE.match(node.value) else _literal(node.value, True)]
    if isinstance(node, ast.JoinedStr):
        out = []
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                out.append(v.value)
            else:
                out.append(HOLE)
        return out
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pieces(node.left), _pieces(node.right)
        if left is None and right is None:
            return None
        return (left or [HOLE]) + (right or [HOLE])
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mod)
        and isinstance(node.left, ast.Constant)
        and isinstance(node.left.value, str)
    ):
        return [_PERCENT_RE.sub(HOLE, node.left.value)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return [_literal(node.func.value.value, True)]
    return None


def call_method(call: ast.Call) -> str | None:
    """The HTTP method a call sends its URL with, when the call says."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if isinstance(name, str) and name.upper() in HTTP_METHODS:
        return name.upper()
    candidates = [kw.value for kw in call.keywords if kw.arg == "method"] + list(call.args[:1])
    for c in candidates:
        if (
            isinstance(c, ast.Constant)
            and isinstance(c.value, str)
            and c.value.upper() in HTTP_METHODS
        ):
            return c.value.upper()
    return None


def url_sites(tree: ast.AST, text: str) -> list[UrlSite]:
    """Every string expression in ``tree`` that reads as a URL path, with the call's method.

    Route declarations' own paths (decorator arguments) are not sites.
    """
    lines = lines_of(text) if not text.isascii() else None
    out: list[UrlSite] = []
    stack: list[tuple[ast.AST, str | None]] = [(tree, None)]
    while stack:
        node, method = stack.pop()
        pieces = _pieces(node)
        found = normalise_url("".join(pieces)) if pieces is not None else None
        if found is not None:
            path, base_unknown = found
            # a bare "/" is only a URL when it is sent somewhere ("/".join is not)
            if any(s for s in path.split("/")) or method is not None:
                out.append(UrlSite(span_of(node, lines), path, method, base_unknown))
            if isinstance(node, ast.Call):  # "...".format(args): the args may hold calls
                stack.extend((a, None) for a in node.args)
                stack.extend((k.value, None) for k in node.keywords)
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            children = [
                c for c in ast.iter_child_nodes(node) if c not in node.decorator_list
            ]  # decorators declare routes; they do not call them
            stack.extend((c, None) for c in children)
        elif isinstance(node, ast.Call):
            m = call_method(node)
            stack.append((node.func, None))
            stack.extend((a, m) for a in node.args)
            stack.extend((k.value, m) for k in node.keywords)
        else:
            stack.extend((c, None) for c in ast.iter_child_nodes(node))
    out.sort(key=lambda s: s.span)
    return out


class UrlScanner:
    """URL sites per file, cached by content digest (each version of a file is scanned once)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, list[UrlSite]]] = {}

    def sites(self, path: str, text: str, tree: ast.AST | None = None) -> list[UrlSite]:
        digest = content_digest(text)
        hit = self._cache.get(path)
        if hit is not None and hit[0] == digest:
            return hit[1]
        if tree is None:
            tree = parse_text(path, text).tree
        found = url_sites(tree, text) if tree is not None else []
        self._cache[path] = (digest, found)
        return found

    def forget(self, path: str) -> None:
        self._cache.pop(path, None)


# --- matching URL sites to routes -------------------------------------------------------------

_LIT, _PARAM, _MIXED, _REST = range(4)


@dataclass
class RoutePattern:
    route: Route
    segments: list[tuple[int, str, re.Pattern[str] | None]]
    last_literal: int  # index of the last literal segment, -1 when there is none

    @classmethod
    def of(cls, route: Route) -> RoutePattern:
        segs: list[tuple[int, str, re.Pattern[str] | None]] = []
        for seg in (s for s in route.path.split("/") if s):
            if re.fullmatch(r"\{[^{}]*\}", seg):
                kind = _REST if seg.endswith(":path}") else _PARAM
                segs.append((kind, seg, None))
            elif "{" in seg:
                parts = _PARAM_RE.split(seg)
                rx = "[^/]+".join(re.escape(p) for p in parts)
                segs.append((_MIXED, seg, re.compile(rx)))
            else:
                segs.append((_LIT, seg, None))
        last = max((i for i, s in enumerate(segs) if s[0] == _LIT), default=-1)
        return cls(route, segs, last)

    @property
    def literals(self) -> list[str]:
        return [s[1] for s in self.segments if s[0] == _LIT]


def _segment_score(site: str, kind: int, value: str, rx: re.Pattern[str] | None) -> int | None:
    """How well one written segment fits one route segment (higher is better)."""
    if site == HOLE:  # an interpolation fills a parameter, never a fixed word
        return 2 if kind in (_PARAM, _MIXED) else None
    if HOLE in site:
        if kind == _PARAM:
            return 1
        loose = re.compile(".+".join(re.escape(p) for p in site.split(HOLE)))
        return 2 if loose.fullmatch(value) else None
    if kind == _LIT:
        return 3 if site == value else None
    if kind == _PARAM:
        return 1
    if kind == _MIXED:
        assert rx is not None
        return 2 if rx.fullmatch(site) else None
    return None


def _match_from(site: Sequence[str], i: int, pat: RoutePattern, j: int) -> int | None:
    segs = pat.segments
    if j == len(segs):
        return 0 if i == len(site) else None
    kind, value, rx = segs[j]
    if kind == _REST:  # "{path:path}": one segment or more, the weakest of matches
        best: int | None = None
        for k in range(i + 1, len(site) + 1):
            rest = _match_from(site, k, pat, j + 1)
            if rest is not None and (best is None or rest > best):
                best = rest
        return best
    if i == len(site):
        return None
    here = _segment_score(site[i], kind, value, rx)
    if here is None:
        return None
    rest = _match_from(site, i + 1, pat, j + 1)
    return None if rest is None else here + rest


def match_score(site: UrlSite, pat: RoutePattern) -> int | None:
    """The site's fit to the route's path (not its method); None when it does not match."""
    segs = site.segments
    if not site.base_unknown:
        return _match_from(segs, 0, pat, 0)
    # The unknown base may carry leading path segments (``{settings.API}/users``): the site
    # matches a suffix of the route, which must still name the route's last fixed word.
    skip = len(pat.segments) - len(segs)
    if any(s[0] == _REST for s in pat.segments):
        skip = 0
    if skip < 0 or (pat.last_literal >= 0 and skip > pat.last_literal):
        return None
    if any(s[0] == _REST for s in pat.segments[:skip]):
        return None
    sub = RoutePattern(pat.route, pat.segments[skip:], pat.last_literal - skip)
    return _match_from(segs, 0, sub, 0)


def method_fits(route: Route, method: str | None) -> bool:
    if method is None or not route.methods or ANY_METHOD & set(route.methods):
        return True
    return method in route.methods or (method == "HEAD" and "GET" in route.methods)


class RouteMatcher:
    """The routes' compiled patterns, rebuilt when the index relinks."""

    def __init__(self, routes: Iterable[Route]) -> None:
        self.patterns = [RoutePattern.of(r) for r in routes if r.framework not in NOT_URLS]

    def scored(self, site: UrlSite) -> list[tuple[int, Route]]:
        out = []
        for pat in self.patterns:
            if not method_fits(pat.route, site.method):
                continue
            score = match_score(site, pat)
            if score is not None:
                out.append((score, pat.route))
        return out

    def best(self, site: UrlSite) -> list[Route]:
        """The routes the site most plausibly calls (all of them when equally plausible)."""
        scored = self.scored(site)
        if not scored:
            return []
        top = max(s for s, _ in scored)
        return [r for s, r in scored if s == top]

    def calls(self, site: UrlSite, targets: Sequence[RoutePattern]) -> bool:
        """Whether ``site`` calls one of ``targets`` (a best match, not just a possible one)."""
        if not any(
            method_fits(t.route, site.method) and match_score(site, t) is not None for t in targets
        ):
            return False  # the cheap test first; most sites match nothing
        best = self.best(site)
        return any(any(b is t.route for b in best) for t in targets)


# --- references --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    path: str
    span: Span
    route: Route


def find_references(
    targets: Sequence[Route],
    matcher: RouteMatcher,
    files: Iterable[str],
    read: Callable[[str], str | None],
    scanner: UrlScanner,
    exclude: Callable[[str, Span], bool] = lambda path, span: False,
) -> list[Reference]:
    """The URL sites in ``files`` that call one of ``targets``; one pass per file, and a file
    is only parsed when its text holds what every matching site must contain."""
    pats = [RoutePattern.of(t) for t in targets if t.framework not in NOT_URLS]
    if not pats:
        return []
    # A matching site spells "/<the route's last fixed word>" (the cheap test that skips most
    # files); without a fixed word, a file needs at least a string that can start a path.
    needles = None
    if all(p.last_literal >= 0 for p in pats):
        needles = {"/" + p.segments[p.last_literal][1] for p in pats}
    out: list[Reference] = []
    for path in files:
        text = read(path)
        if text is None or (needles is not None and not any(n in text for n in needles)):
            continue
        if not _MAY_HOLD_URL_RE.search(text):
            continue
        for site in scanner.sites(path, text):
            if exclude(path, site.span) or not matcher.calls(site, pats):
                continue
            route = next((p.route for p in pats if p.route in matcher.best(site)), pats[0].route)
            out.append(Reference(path, site.span, route))
    return out


def site_at(sites: Iterable[UrlSite], pos: Position) -> UrlSite | None:
    """The innermost site under ``pos``."""
    under = [s for s in sites if s.span.contains(pos)]
    return min(
        under,
        key=lambda s: (
            s.span.end.line - s.span.start.line,
            s.span.end.column - s.span.start.column,
        ),
        default=None,
    )


# --- search ------------------------------------------------------------------------------------


def handler_name(route: Route) -> str:
    """``read_user`` of ``app.routers.users:read_user`` (``list`` of ``m:UserViewSet.list``)."""
    return route.handler.rsplit(":", 1)[-1].rsplit(".", 1)[-1]


def _squash(text: str) -> str:
    return re.sub(r"[_\-\s]", "", text).lower()


def _norm_path(path: str) -> str:
    path = _PARAM_RE.sub("{}", _TEMPLATE_RE.sub("{}", path)).lower().rstrip("/")
    return path if path.startswith("/") else "/" + path


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(c in it for c in needle)


def _term_score(route: Route, term: str, pat: RoutePattern | None) -> int | None:
    low = term.lower()
    path = route.path.lower()
    name = _squash(handler_name(route))
    if "/" in term:
        wanted, got = _norm_path(term), _norm_path(route.path)
        if got == wanted:
            return 100
        if got.endswith(wanted):
            return 90
        if pat is not None and "{" not in term and "<" not in term:
            found = normalise_url(term)
            if found is not None:
                site = UrlSite(Span.of(0, 0, 0, 0), found[0], None, True)
                if match_score(site, pat) is not None:
                    return 85
        if wanted.strip("/") in got:
            return 60
        return 20 if _subsequence(_squash(wanted), _squash(got)) else None
    squashed = _squash(term)
    if not squashed:
        return None
    if squashed == name or ("/" not in route.path and squashed == _squash(route.path)):
        return 100  # a handler's name, an operation's name (no slash: "createUser")
    if low in (s for s in path.split("/") if s):
        return 80
    if name.startswith(squashed):
        return 70
    if low in path:
        return 60
    if squashed in name or low in route.handler.lower():
        return 50
    if _subsequence(squashed, name) or _subsequence(squashed, _squash(path)):
        return 20
    return None


def search_routes(routes: Iterable[Route], query: str, limit: int = 200) -> list[Route]:
    """Routes and operations for a query by path, method or name, best first.

    ``"/users/{id}"`` (parameter names need not agree), ``"POST users"``, ``"createOrder"``,
    ``"read_user"``, a concrete URL ``"/users/7"``; an empty query lists everything.
    """
    tokens = query.split()
    methods = {
        t.upper()
        for t in tokens
        if t.upper() in OPERATION_WORDS and (t.isupper() or len(tokens) > 1)
    }
    terms = [t for t in tokens if t.upper() not in methods]
    scored: list[tuple[int, Route]] = []
    for route in routes:
        if methods and not methods & set(route.methods):
            continue
        total = 50
        if terms:
            pat = RoutePattern.of(route) if route.framework not in NOT_URLS else None
            scores = [_term_score(route, t, pat) for t in terms]
            if any(s is None for s in scores):
                continue
            total = sum(s for s in scores if s is not None)
        scored.append((total, route))
    scored.sort(key=lambda sr: (-sr[0], not sr[1].reachable, sr[1].path, sr[1].methods))
    return [r for _, r in scored[:limit]]


# --- a file's routes ----------------------------------------------------------------------------


@dataclass
class HandlerRoutes:
    """One handler and the routes it serves (a file's outline)."""

    handler: str
    name: str
    span: Span  # the handler's name
    range: Span  # its whole definition, decorators included
    routes: list[Route] = field(default_factory=list)


def outline(routes: Iterable[Route]) -> list[HandlerRoutes]:
    groups: dict[tuple[str, Span], HandlerRoutes] = {}
    for r in routes:
        key = (r.handler, r.span)
        if key not in groups:
            whole = r.body_span or r.span
            for s in (r.span, r.decorator_span):
                if s is not None and not whole.contains_span(s):
                    whole = Span(min(whole.start, s.start), max(whole.end, s.end))
            groups[key] = HandlerRoutes(r.handler, handler_name(r), r.span, whole)
        groups[key].routes.append(r)
    return sorted(groups.values(), key=lambda g: g.range.start)


def route_range(route: Route) -> Span:
    """Where a route is declared: its decorator (or rule), else the handler's name."""
    return route.decorator_span or route.span


# --- full-path hints -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteHint:
    position: Position  # just after the decorator
    label: str  # "GET /api/v1/users/{id}"
    routes: tuple[Route, ...]


def _same_path(written: str, full: str) -> bool:
    return _norm_path(written) == _norm_path(full)


def route_hints(
    routes: Iterable[Route], first_line: int = 0, last_line: int | None = None
) -> list[RouteHint]:
    """A hint after each declaration whose written path is only part of the full path,
    for declarations ending within ``first_line``..``last_line``."""
    at: dict[Position, list[Route]] = {}
    for r in routes:
        if r.decorator_span is None or _same_path(r.local_path, r.path):
            continue
        end = r.decorator_span.end
        if end.line < first_line or (last_line is not None and end.line > last_line):
            continue
        at.setdefault(end, []).append(r)
    hints = []
    for pos, rs in sorted(at.items()):
        labels = list(dict.fromkeys(r.label for r in rs))
        hints.append(RouteHint(pos, " · ".join(labels), tuple(rs)))
    return hints

"""Every route and GraphQL operation as a flat list an editor can show as a tree: grouped by
app, router (blueprint, URL conf) and prefix, with auth and the findings in each handler.

Plain data (no LSP): ``backendArchitect/routes`` (docs/editors.md) converts the spans.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..core.model import Route, Span

OPERATIONS = frozenset({"QUERY", "MUTATION", "SUBSCRIPTION"})


@dataclass(frozen=True)
class RouteEntry:
    id: str  # method + " " + path + " " + handler: stable while the route is
    kind: str  # "http" | "graphql"
    method: str
    path: str
    handler: str
    file: str
    span: Span  # the handler's name
    framework: str
    group: tuple[str, ...]  # outer -> inner: app, router / blueprint / URL conf, prefix
    auth: tuple[str, ...]
    findings: int
    generated: bool = False  # added by the framework itself: ``span`` is the call that adds it


def prefix_of(route: Route) -> str:
    """The part of the full path the route's own declaration did not write ("/api/v1/items"
    for ``@router.get("/{item_id}")`` served at "/api/v1/items/{item_id}"); "" when none."""
    local = "/" + route.local_path.lstrip("/")
    path = route.path
    if local == "/" and path.endswith("/") and len(path) > 1:
        return path.rstrip("/")
    if local != "/" and path.endswith(local):
        return path[: len(path) - len(local)].rstrip("/")
    return ""


def group_of(route: Route) -> tuple[str, ...]:
    """The labels a tree nests the route under, outermost first."""
    if route.framework == "graphql":
        return ("GraphQL", route.endpoint or "(schema not mounted)")
    chain = route.chain
    app = chain[0] if chain else f"{route.framework} · {route.handler.split(':', 1)[0]}"
    if route.generated and not chain:  # the library's module would be no app's name
        app = f"{route.framework} · {route.file.rsplit('/', 1)[-1]}"
    labels = [app if route.reachable else f"{app} (not included in an app)"]
    if route.generated:  # beside the project's routes, not mixed in with them
        labels.append(f"added by {route.framework}")
    elif len(chain) > 1:
        labels.append(chain[-1])
    prefix = prefix_of(route)
    if prefix:
        labels.append(prefix)
    return tuple(labels)


def route_entries(
    routes: Iterable[Route], findings_in: Callable[[Route], int] = lambda r: 0
) -> list[RouteEntry]:
    """One entry per route and method, sorted by path, then method."""
    out = []
    for r in routes:
        kind = "graphql" if r.framework == "graphql" or OPERATIONS & set(r.methods) else "http"
        group = group_of(r)
        auth = tuple(dict.fromkeys(a.name for a in r.auth if not a.public))
        found = findings_in(r)
        for method in r.methods or ("ANY",):
            out.append(
                RouteEntry(
                    f"{method} {r.path} {r.handler}",
                    kind,
                    method,
                    r.path,
                    r.handler,
                    r.file,
                    r.span,
                    r.framework,
                    group,
                    auth,
                    found,
                    r.generated,
                )
            )
    out.sort(key=lambda e: (e.path, e.method, e.handler))
    return list({e.id: e for e in out}.values())  # a route served twice at one place: once


def entries_signature(entries: Iterable[RouteEntry]) -> int:
    """What a route explorer shows, findings aside: when it changes, clients re-request."""
    return hash(tuple((e.id, e.file, e.span, e.group, e.auth) for e in entries))

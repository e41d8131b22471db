"""BA302 unversioned-path: a public path without the API version the rest of the project uses."""

from __future__ import annotations

import re

from ...core.model import Route, Severity, Span
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo

VERSION_SEGMENT_RE = re.compile(r"^v\d+(?:\.\d+)?$", re.IGNORECASE)

# Paths that live outside any API version on purpose: probes, docs, the admin, static files;
# the API of the project's own front end (``/ui``, ``/internal``, ``/_...``), which ships with
# it; webhooks and OAuth callbacks, whose paths the calling service fixes.
INFRA_RE = re.compile(
    r"^/(?:$|health|healthz|healthcheck|ready|readyz|readiness|live|livez|liveness|ping|status|"
    r"metrics|docs|redoc|openapi|swagger|schema|admin|static|media|favicon|robots|\.well-known|"
    r"graphql|version|_|(?:ui|internal|private|webhooks?|callbacks?|oauth2?)(?:/|$))",
    re.IGNORECASE,
)

# a route that only catches what the others do not (a front end's page fallback)
CATCH_ALL_RE = re.compile(r"^/\{[^/]+\}$")


def is_versioned(path: str) -> bool:
    """A version segment among the first three: ``/v1/...``, ``/api/v2/...``."""
    segments = [s for s in path.split("/") if s][:3]
    return any(VERSION_SEGMENT_RE.match(s) for s in segments)


@register
class UnversionedPath(Rule):
    scope = "handler"  # each route judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA302",
        name="unversioned-path",
        summary="Public path without the API version the rest of the project uses.",
        severity=Severity.INFO,
        rationale=(
            "When most endpoints live under a version (`/api/v1/...`) or the project configures "
            "a prefix (`api-prefix`), an endpoint outside it cannot be evolved with the others: "
            "a breaking change to it breaks every client at once, and clients have to know "
            "which paths follow which convention. Fires only when most routes are versioned "
            "(at least three, more than half) or a prefix is configured; health probes, docs, "
            "the admin, static files, the front end's own API (`/ui`, `/internal`, `/_...`), "
            "webhooks and OAuth callbacks are left alone."
        ),
        bad='app.include_router(v1, prefix="/api/v1")\n\n@app.get("/orders")\ndef list_orders(): ...',
        good='app.include_router(v1, prefix="/api/v1")\n\n@v1.get("/orders")\ndef list_orders(): ...',
    )

    def __init__(self) -> None:
        # (index, generation, the API roots whose routes mostly carry a version)
        self._versions: tuple[int, int, frozenset[str]] | None = None

    def check_file(self, ctx: FileContext) -> None:
        if ctx.index is None:
            return
        by_handler: dict[Span, list[Route]] = {}
        for route in ctx.routes():
            if route.framework != "graphql" and route.reachable and not route.is_websocket:
                by_handler.setdefault(route.span, []).append(route)
        if not by_handler:
            return  # before the project-wide count: most files hold no route
        settings = ctx.settings
        prefix = (settings.api_prefix or "").rstrip("/") if settings is not None else ""
        versioned_apis = self._versioned_apis(ctx)
        if not prefix and not versioned_apis:
            return
        roots = ctx.index.sub_app_roots
        for routes in by_handler.values():
            if _outside_versions(routes[0].path):
                continue
            if not prefix and _api_root(routes[0].path, roots) not in versioned_apis:
                continue  # an app mounted inside another keeps its own convention
            if prefix:
                if any(_under(r.path, prefix) for r in routes):
                    continue
                why = f"outside the configured prefix `{prefix}`"
            else:
                if any(is_versioned(r.path) for r in routes):
                    continue
                why = "without a version, while most of the project's routes carry one"
            route = routes[0]
            ctx.report(
                route.decorator_span or route.span,
                f"`{route.label}` is {why}; serve it under the versioned API",
            )

    def _versioned_apis(self, ctx: FileContext) -> frozenset[str]:
        """The APIs (the root app, and each app mounted inside another, by its mount path)
        where most routes carry a version (counted once per index generation: every file
        with routes asks)."""
        index = ctx.index
        assert index is not None
        known = self._versions
        if known is not None and known[:2] == (id(index), index.generation):
            return known[2]
        paths: dict[str, set[str]] = {}
        for r in (r for r in index.published_routes() if not r.generated):
            if r.framework != "graphql" and not _outside_versions(r.path):
                paths.setdefault(_api_root(r.path, index.sub_app_roots), set()).add(r.path)
        answer = frozenset(
            root
            for root, group in paths.items()
            if (versioned := sum(1 for p in group if is_versioned(p))) >= 3
            and versioned * 2 > len(group)
        )
        self._versions = (id(index), index.generation, answer)
        return answer


def _outside_versions(path: str) -> bool:
    return bool(INFRA_RE.match(path) or CATCH_ALL_RE.match(path))


def _api_root(path: str, roots: frozenset[str]) -> str:
    """The mount path of the innermost app serving ``path`` ("" for the root app)."""
    return max((r for r in roots if _under(path, r)), key=len, default="")


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")

"""The routes a framework adds itself (``Route.generated``: Litestar's schema and OPTIONS
routes, Flask's ``static``, connexion's served document, aiohttp's and Starlette's static files,
Flask-AppBuilder's own views)
as the editor shows them, and what rules make of them.

Their handlers are the library's: rules that read a handler's body never see them, so every
project's findings are exactly those of the same index without them; hover on the call that
makes the framework add them shows one card listing them, the lenses one lens per place, the
route explorer groups them apart from the project's own routes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import EXAMPLES, WORKSPACES, modules_fixture, one_route
from backend_architect.core.model import Position
from backend_architect.workspace import Workspace

required_modules = modules_fixture(
    "litestar", "flask", "connexion", "aiohttp", "starlette", "flask_appbuilder"
)

ROOTS = [
    WORKSPACES / "routes_litestar",
    WORKSPACES / "routes_flask_restx",
    WORKSPACES / "routes_flask_smorest",
    WORKSPACES / "routes_quart",
    WORKSPACES / "routes_connexion",
    WORKSPACES / "routes_aiohttp",
    WORKSPACES / "routes_starlette_app",
    WORKSPACES / "routes_starlette_fastapi",
    WORKSPACES / "routes_flask_appbuilder",
    WORKSPACES / "routes_flask_appbuilder_depth",
    EXAMPLES / "flask_blog",
]


def workspace(root: Path, without_generated: bool = False) -> Workspace:
    ws = Workspace(str(root))
    ws.build()
    if without_generated:
        ws.index.routes = [r for r in ws.index.routes if not r.generated]
    return ws


def _plain(ws: Workspace) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (f.code, f.path, f.span.start.line, f.span.start.column, f.message) for f in ws.check()
    )


@pytest.mark.parametrize("root", ROOTS, ids=[r.name for r in ROOTS])
def test_findings_are_those_without_the_generated_routes(root: Path) -> None:
    ws = workspace(root)
    assert any(r.generated for r in ws.index.routes), "the fixture has no generated route"
    assert _plain(ws) == _plain(workspace(root, without_generated=True))


def test_hover_on_the_app_lists_what_the_framework_adds() -> None:
    ws = workspace(WORKSPACES / "routes_litestar")
    swagger = one_route(ws.index, "GET", "/schema/swagger")
    card = ws.hover(swagger.file, swagger.span.start)
    assert card is not None
    added = [r for r in ws.index.routes if r.generated and r.span == swagger.span]
    assert card.startswith(f"### {len(added)} routes Litestar adds itself")
    assert (
        "| `GET /schema/swagger` | `litestar.openapi.plugins:SwaggerRenderPlugin.render` |" in card
    )
    assert "`OPTIONS /api/v1/books`" in card and "`requires_login`" in card
    assert "Findings" not in card and "Status codes" not in card
    # the project's handler still gets its own card
    index = one_route(ws.index, "GET", "/")
    assert ws.hover(index.file, index.span.start).startswith("### `GET /`")  # type: ignore[union-attr]


def test_one_lens_per_place_and_no_review() -> None:
    ws = workspace(WORKSPACES / "routes_litestar")
    app_file = one_route(ws.index, "GET", "/").file
    lenses = ws.lenses(app_file)
    generated = [lens for lens in lenses if lens.route.generated]
    count = sum(1 for r in ws.index.routes if r.generated)
    assert [lens.title for lens in generated] == [f"{count} routes added by Litestar"]
    assert [lens.title for lens in lenses if not lens.route.generated] == [
        "GET /",
        "GET /health",
        "POST /api/v1/admin/reindex",
        "WEBSOCKET /live",
        "GET /orphan (not included in an app)",
    ]
    from backend_architect.lsp.features.review import review_lenses

    assert len(review_lenses("file:///x", lenses, [], None)) == len(lenses) - 1


def test_route_explorer_groups_them_apart() -> None:
    ws = workspace(WORKSPACES / "routes_flask_restx")
    entries = {(e.method, e.path): e for e in ws.route_list(findings=False)}
    static = entries[("GET", "/static/{filename}")]
    assert static.group[1:] == ("added by flask",) and static.generated
    assert static.handler == "flask:Flask.send_static_file"
    swagger_ui = entries[("GET", "/swaggerui/{filename}")]
    assert swagger_ui.handler == "flask_restx.apidoc:Apidoc.send_static_file"
    own = next(e for e in entries.values() if e.handler.startswith("awards."))
    assert "added by flask" not in own.group and not own.generated


def test_review_and_outline_leave_them_out() -> None:
    ws = workspace(WORKSPACES / "routes_aiohttp")
    static = one_route(ws.index, "GET", "/static/{filename}")
    assert static.generated and static.handler.startswith("aiohttp.")
    from backend_architect.actions.review import find_route

    assert find_route(ws, static.file, static.span.start) is None
    outline = ws.outline(static.file)
    assert all(not r.generated for group in outline for r in group.routes)
    assert ws.route_hints(static.file, 0, 10_000) == [
        h for h in ws.route_hints(static.file, 0, 10_000) if not any(r.generated for r in h.routes)
    ]
    assert Position(0, 0) <= static.span.start


def test_document_api_leaves_them_out() -> None:
    from backend_architect.actions.document_api.build import document_api

    ws = workspace(WORKSPACES / "routes_litestar")
    paths = document_api(ws.index).openapi["paths"]
    assert "/api/v1/books" in paths and "options" not in paths["/api/v1/books"]
    assert not [p for p in paths if p.startswith("/schema")]

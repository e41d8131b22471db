"""The route card says which methods the framework answers on a route by itself
(``Route.automatic``), beside the declared ones its label shows; a route with none says nothing."""

from __future__ import annotations

from _support import EXAMPLES, one_route
from backend_architect.workspace import Workspace


def _card(root: str, method: str, path: str) -> str:
    ws = Workspace(root)
    ws.build()
    route = one_route(ws.index, method, path)
    card = ws.hover(route.file, route.span.start)
    assert card is not None
    return card


def test_flask_route_card_names_werkzeugs_head_and_flasks_options() -> None:
    card = _card(str(EXAMPLES / "flask_blog"), "POST", "/posts/{post_id}/delete")
    assert card.startswith("### `POST /posts/{post_id}/delete`")  # the label: declared only
    assert "*Flask also answers `OPTIONS` here itself*" in card
    card = _card(str(EXAMPLES / "flask_blog"), "GET", "/posts/new")
    assert "*Flask also answers `HEAD`, `OPTIONS` here itself*" in card


def test_fastapi_route_card_has_no_such_line() -> None:
    card = _card(str(EXAMPLES / "fastapi_shop"), "GET", "/api/v1/items")
    assert "also answers" not in card

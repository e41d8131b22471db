"""Auth facts recorded at the level the framework takes them from."""

from __future__ import annotations

from pathlib import Path

from backend_architect.index.project import ProjectIndex

FLASK = """\
from flask import Blueprint, Flask, abort, g

from .auth import admin_required

app = Flask(__name__)
admin = Blueprint("admin", __name__, url_prefix="/admin")
api = Blueprint("api", __name__, url_prefix="/api")
public = Blueprint("public", __name__)


@admin.before_request
@admin_required
def guard():
    pass


@api.before_request
def check_token():
    if g.get("user") is None:
        abort(401)


@public.before_request
def count_visit():
    pass


@admin.post("/users")
def promote():
    return ""


@api.get("/items")
def items():
    return ""


@public.get("/about")
def about():
    return ""


app.register_blueprint(admin)
app.register_blueprint(api)
app.register_blueprint(public)
"""


def test_flask_before_request_hooks_protect_their_blueprint(tmp_path: Path) -> None:
    pkg = tmp_path / "site"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "auth.py").write_text("def admin_required(view):\n    return view\n")
    (pkg / "app.py").write_text(FLASK)
    index = ProjectIndex(str(tmp_path))
    index.build()
    auth = {r.path: [(a.name, a.level, a.origin) for a in r.auth] for r in index.routes}
    assert auth["/admin/users"] == [("guard", "router", "site/app.py:13")]
    assert auth["/api/items"] == [("check_token", "router", "site/app.py:18")]
    assert auth["/about"] == []


def test_a_pagination_token_is_not_authentication(tmp_path: Path) -> None:
    """A dependency named for a token it checks (and answers 403 for) is no authentication
    when the token is a page cursor; one named for the caller is."""
    (tmp_path / "main.py").write_text(
        "from fastapi import Depends, FastAPI, HTTPException, Query\n"
        "app = FastAPI()\n"
        "def verified_page_token(page_token: str = Query(...)) -> str:\n"
        "    if not page_token:\n"
        "        raise HTTPException(status_code=403)\n"
        "    return page_token\n"
        "def verify_token(token: str = Query(...)) -> str:\n"
        "    return token\n"
        "@app.get('/events/next')\n"
        "def next_page(token: str = Depends(verified_page_token)) -> list[str]:\n"
        "    return []\n"
        "@app.get('/me')\n"
        "def me(token: str = Depends(verify_token)) -> str:\n"
        "    return token\n"
    )
    index = ProjectIndex(str(tmp_path))
    index.build()
    auth = {r.path: [a.name for a in r.auth] for r in index.routes if not r.generated}
    assert auth == {"/events/next": [], "/me": ["verify_token"]}

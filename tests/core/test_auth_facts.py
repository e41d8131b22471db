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

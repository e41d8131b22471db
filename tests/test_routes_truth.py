"""Route extraction checked against the frameworks themselves.

Each case names a workspace and the apps in it (``module:attr``, or ``module:factory()`` for an
app factory). A subprocess imports those apps, so sys.path and module caches never leak between
workspaces, and prints what the framework serves: FastAPI's ``app.openapi()["paths"]`` (with
the documentation routes and websockets the schema leaves out) and Flask's ``url_map``. The index, which never runs the code, must find exactly that set of
(method, path) pairs: nothing missing, nothing extra.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from _support import (
    EXAMPLES,
    FLASK_PAIRS,
    WORKSPACES,
    assert_same_set,
    framework_dump,
    require_module,
    run_python,
    served,
)
from backend_architect.index.project import ProjectIndex

# Runs in a fresh interpreter: argv = [import root, app spec, ...]; prints sorted [method, path].
PROBE = (
    FLASK_PAIRS
    + r"""
import importlib, json, sys

root, specs = sys.argv[1], sys.argv[2:]
sys.path.insert(0, root)
found = set()
for spec in specs:
    module_name, _, attr = spec.partition(":")
    factory = attr.endswith("()")
    obj = getattr(importlib.import_module(module_name), attr.removesuffix("()"))
    app = obj() if factory else obj
    if hasattr(app, "openapi"):  # FastAPI
        for path, operations in app.openapi().get("paths", {}).items():
            for method in operations:
                found.add((method.upper(), path))
        from starlette.routing import Route, WebSocketRoute  # the schema leaves these out

        for route in app.routes:
            if getattr(getattr(route, "endpoint", None), "__module__", "") == "fastapi.applications":
                # /openapi.json, /docs, /redoc: Starlette Routes, answering HEAD beside GET
                found |= {(m, route.path) for m in route.methods}
            if isinstance(route, WebSocketRoute):
                found.add(("WEBSOCKET", route.path))
            # FastAPI >= 0.165 keeps an included router live: its routes, prefixed, are here
            for context in getattr(route, "effective_route_contexts", lambda: ())():
                if isinstance(context.starlette_route, WebSocketRoute):
                    found.add(("WEBSOCKET", context.starlette_route.path))
    elif hasattr(app, "url_map"):  # Flask
        found |= flask_pairs(app.url_map.iter_rules())
    else:
        raise SystemExit(f"{spec}: neither a FastAPI nor a Flask app: {app!r}")
print(json.dumps(sorted(found)))
"""
)


@dataclass(frozen=True)
class Case:
    id: str
    root: Path  # the workspace the index opens
    apps: tuple[str, ...]  # what the probe imports
    import_root: str = ""  # sys.path entry, relative to root (a src/ layout)
    min_routes: int = 3  # guards against two empty sets agreeing


CASES = [
    Case("example-fastapi_shop", EXAMPLES / "fastapi_shop", ("app.main:app",), min_routes=12),
    Case("example-flask_blog", EXAMPLES / "flask_blog", ("blog:create_app()",), min_routes=20),
    Case(
        "fastapi-packages",
        WORKSPACES / "routes_fastapi_packages",
        ("project.main:app",),
        min_routes=20,
    ),
    Case(
        "fastapi-factory",
        WORKSPACES / "routes_fastapi_factory",
        ("service.app:create_app()",),
        import_root="src",
        min_routes=7,
    ),
    Case(
        "fastapi-custom",
        WORKSPACES / "routes_fastapi_custom",
        ("shop.main:app", "shop.main:internal"),
        min_routes=15,
    ),
    Case(
        "flask-factory",
        WORKSPACES / "routes_flask_factory",
        ("webapp:create_app()",),
        min_routes=25,
    ),
    Case("flask-flat", WORKSPACES / "routes_flask_flat", ("app:app",), min_routes=6),
    Case(
        "flask-cached-factory",  # factories whose early return hands back a cached app
        WORKSPACES / "routes_flask_cached_factory",
        ("webapp.wsgi:app", "webapp.wsgi:admin"),
        min_routes=18,
    ),
]


def framework_routes(case: Case) -> set[tuple[str, str]]:
    import_root = str(case.root / case.import_root) if case.import_root else str(case.root)
    return {(m, p) for m, p in framework_dump(PROBE, import_root, *case.apps, cwd=case.root)}


def index_routes(root: Path) -> set[tuple[str, str]]:
    index = ProjectIndex(str(root))
    index.build()
    return served(index.published_routes())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_routes_match_the_framework(case: Case) -> None:
    assert_same_set(framework_routes(case), index_routes(case.root), case.min_routes)


def test_probe_reports_a_wrong_index(tmp_path: Path) -> None:
    """The comparison can fail: a route the index cannot see makes the sets differ."""
    (tmp_path / "main.py").write_text(
        "from fastapi import FastAPI\n"
        "app = FastAPI()\n"
        "for name in ('a', 'b'):\n"
        "    app.add_api_route('/' + name, lambda: name)\n"
        "@app.get('/static')\n"
        "def static_route():\n"
        "    return 1\n"
    )
    case = Case("dynamic", tmp_path, ("main:app",))
    docs = {(m, p) for m in ("GET", "HEAD") for p in ("/openapi.json", "/docs", "/redoc")}
    docs |= {("GET", "/docs/oauth2-redirect"), ("HEAD", "/docs/oauth2-redirect")}
    expected = framework_routes(case)
    assert expected == {("GET", "/a"), ("GET", "/b"), ("GET", "/static")} | docs
    assert index_routes(tmp_path) == {("GET", "/static")} | docs


def test_django_example_is_a_working_project() -> None:
    """The Django example is kept valid for the Django route discovery that comes next."""
    require_module("django")
    require_module("rest_framework")
    root = EXAMPLES / "django_drf"
    proc = run_python("manage.py", "check", cwd=root)
    assert proc.returncode == 0, proc.stderr
    assert not (root / "db.sqlite3").exists()

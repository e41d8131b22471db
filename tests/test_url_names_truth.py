"""Route names (what ``url_for``, ``url_path_for`` and ``reverse`` take, and what URL
completion offers) checked against the frameworks: for each name the index gives a route, the
framework, importing the app in a fresh interpreter, builds the URL from that name (every path
parameter given as "1"); it must be the route's path. For Flask the set of names must also be
``url_map``'s endpoints: nothing missing, nothing extra."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from _support import EXAMPLES, WORKSPACES, assert_same_set, framework_dump, require_module
from backend_architect.index.project import ProjectIndex

PROBE = r"""
import importlib, json, os, sys

root, framework, spec, wanted = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
sys.path.insert(0, root)
built, endpoints = {}, []
if framework == "django":
    os.environ["DJANGO_SETTINGS_MODULE"] = spec
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    for name, params in wanted:
        try:
            built[name] = reverse(name, kwargs={p: "1" for p in params})
        except NoReverseMatch:
            built[name] = None
else:
    module_name, _, attr = spec.partition(":")
    obj = getattr(importlib.import_module(module_name), attr.removesuffix("()"))
    app = obj() if attr.endswith("()") else obj
    if framework == "flask":
        from flask import url_for

        # an endpoint without a view (``add_url_rule("/", endpoint="index")``) routes nowhere
        endpoints = [r.endpoint for r in app.url_map.iter_rules() if r.endpoint in app.view_functions]
        with app.test_request_context():
            for name, params in wanted:
                try:
                    built[name] = url_for(name, **{p: "1" for p in params})
                except Exception:
                    built[name] = None
    else:
        for name, params in wanted:
            try:
                built[name] = str(app.url_path_for(name, **{p: "1" for p in params}))
            except Exception:
                built[name] = None
print(json.dumps({"built": built, "endpoints": sorted(set(endpoints))}))
"""

CASES = [
    ("flask-blog", EXAMPLES / "flask_blog", "flask", "blog:create_app()", 10),
    ("flask-factory", WORKSPACES / "routes_flask_factory", "flask", "webapp:create_app()", 10),
    ("flask-flat", WORKSPACES / "routes_flask_flat", "flask", "app:app", 3),
    ("fastapi-shop", EXAMPLES / "fastapi_shop", "fastapi", "app.main:app", 8),
    ("fastapi-packages", WORKSPACES / "routes_fastapi_packages", "fastapi", "project.main:app", 10),
    ("starlette", WORKSPACES / "routes_starlette_app", "starlette", "site_app.main:app", 3),
    ("django-site", WORKSPACES / "routes_django_site", "django", "mysite.settings", 5),
    ("django-drf", EXAMPLES / "django_drf", "django", "library.settings", 3),
]
FRAMEWORKS = {
    "flask": {"flask"},
    "fastapi": {"fastapi"},
    "starlette": {"starlette"},
    "django": {"django", "drf"},
}
_PARAM = re.compile(r"\{(\w+)\}")


def named_routes(root: Path, framework: str) -> dict[str, set[str]]:
    """Each name and the paths the index serves under it (an app included twice: two)."""
    index = ProjectIndex(str(root))
    index.build()
    out: dict[str, set[str]] = {}
    for r in index.published_routes():
        if r.name is not None and r.framework in FRAMEWORKS[framework]:
            out.setdefault(r.name, set()).add(r.path)
    return out


@pytest.mark.parametrize(
    ("case", "root", "framework", "spec", "minimum"), CASES, ids=[c[0] for c in CASES]
)
def test_route_names_build_the_route_paths(
    case: str, root: Path, framework: str, spec: str, minimum: int
) -> None:
    require_module("flask" if framework == "flask" else framework)
    if not root.exists():
        pytest.fail(f"{root} is missing")
    names = named_routes(root, framework)
    wanted = [[name, _PARAM.findall(min(paths))] for name, paths in sorted(names.items())]
    dump = framework_dump(PROBE, str(root), framework, spec, json.dumps(wanted), cwd=root)
    # the framework builds one of the name's paths (which one, when there are two, is its)
    built = {n: (b or "").split("?")[0] for n, b in dump["built"].items()}
    expected = {(n, n) for n in names}
    agreed = {
        (n, n) for n, paths in names.items() if built.get(n) in {_PARAM.sub("1", p) for p in paths}
    }
    assert_same_set(expected, agreed, minimum)
    if framework == "flask":
        assert_same_set(set(dump["endpoints"]), set(names), minimum)

"""Flask: the document's operations are exactly the methods the app's ``url_map`` declares (the
HEAD and OPTIONS that werkzeug and Flask add by themselves aside), with each path parameter
declared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _support import (
    EXAMPLES,
    FLASK_PAIRS,
    WORKSPACES,
    assert_same_set,
    framework_dump,
    require_module,
)
from backend_architect.actions.document_api.build import document_api
from backend_architect.index.project import ProjectIndex

PROBE = (
    FLASK_PAIRS
    + r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module, _, attr = sys.argv[2].partition(":")
obj = getattr(importlib.import_module(module), attr.removesuffix("()"))
app = obj() if attr.endswith("()") else obj
rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
# OpenAPI operations are the declared methods: no HEAD beside GET, no automatic OPTIONS
print(json.dumps(sorted(flask_declared_pairs(rules))))
"""
)
CASES = [
    (EXAMPLES / "flask_blog", "blog:create_app()", 20),
    (WORKSPACES / "routes_flask_flat", "app:app", 6),
]


@pytest.mark.parametrize(("root", "app", "minimum"), CASES, ids=["flask_blog", "flask_flat"])
def test_operations_equal_url_map(root: Path, app: str, minimum: int) -> None:
    require_module("flask")
    expected = {tuple(p) for p in framework_dump(PROBE, str(root), app)}
    index = ProjectIndex(str(root))
    index.build()
    doc = document_api(index).openapi
    found = {(m.upper(), path) for path, item in doc["paths"].items() for m in item}
    assert_same_set(expected, found, minimum)
    for path, item in doc["paths"].items():
        names = set(re.findall(r"\{(\w+)\}", path))
        for op in item.values():
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (path, declared)

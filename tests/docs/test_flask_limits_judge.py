"""Flask-Limiter's limits in the contract's rate limits, against Flask-Limiter itself: for each
view of the app's ``url_map``, the limits its limit manager holds for it (decorated ones, else
the defaults, none when exempt: its ``resolve_limits``), each compared as the ``limits`` library parses the string."""

from __future__ import annotations

from _support import WORKSPACES, framework_dump, require_module
from backend_architect.actions.document_api.build import document_api
from backend_architect.index.project import ProjectIndex

PROBE = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module = importlib.import_module(sys.argv[2])
app, limiter = module.app, module.limiter
manager = limiter.limit_manager
out = {}
with app.app_context():
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        applied, decorated = manager.resolve_limits(app, endpoint=rule.endpoint)
        out[f"{view.__module__}:{view.__name__}"] = sorted(
            str(limit.limit) for limit in [*decorated, *applied]
        )
print(json.dumps(out))
"""


def test_rate_limits_equal_flask_limiter() -> None:
    require_module("flask_limiter")
    parse = require_module("limits").parse
    root = WORKSPACES / "docs_flask_limits"
    expected = framework_dump(PROBE, str(root), "app")
    index = ProjectIndex(str(root))
    index.build()
    found = {c.route.handler: c.rate_limits for c in document_api(index).contracts}
    assert len(expected) == 5 and expected["app:health"] == [] and expected["app:list_items"]
    for handler, limits in expected.items():
        assert sorted(str(parse(s)) for s in found[handler]) == limits, handler

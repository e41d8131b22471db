"""DRF throttles in the contract's rate limits, against DRF itself: a subprocess sets the project
up, instantiates the view of every URL pattern (with the router's or ``@action``'s init
arguments) and asks it ``get_throttles()``; each throttle's scope (``ScopedRateThrottle``:
the view's ``throttle_scope``) and rate (its ``rate``, else ``DEFAULT_THROTTLE_RATES``)."""

from __future__ import annotations

from _support import WORKSPACES, framework_dump, require_module
from backend_architect.actions.document_api.build import document_api, render
from backend_architect.index.project import ProjectIndex

PROBE = r"""
import json, os, sys
root = os.path.abspath(sys.argv[1])
sys.path.insert(0, root)
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[2]
import django
django.setup()
from django.urls import get_resolver
from rest_framework.throttling import ScopedRateThrottle

def walk(patterns):
    for p in patterns:
        if hasattr(p, "url_patterns"):
            yield from walk(p.url_patterns)
        else:
            yield p.callback

out = {}
for callback in walk(get_resolver().url_patterns):
    cls = getattr(callback, "cls", None)
    if cls is None:
        continue
    view = cls(**getattr(callback, "initkwargs", {}))
    limits = []
    for t in view.get_throttles():
        if isinstance(t, ScopedRateThrottle):
            scope = getattr(view, "throttle_scope", None)
            rate = t.THROTTLE_RATES.get(scope)
        else:
            scope, rate = t.scope, t.rate
        limits.append(f"{rate} ({scope})" if rate else f"no rate set ({scope})")
    if cls.__name__ != cls.__qualname__.rsplit(".", 1)[-1]:  # @api_view names it after the function
        out[f"{cls.__module__}:{cls.__name__}"] = limits
        continue
    actions = getattr(callback, "actions", None)
    methods = [m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]
    for name in sorted(set(actions.values())) if actions else methods:
        out[f"{cls.__module__}:{cls.__qualname__}.{name}"] = limits
print(json.dumps(out))
"""
ROOT = WORKSPACES / "docs_drf_throttles"


def static_limits() -> dict[str, list[str]]:
    index = ProjectIndex(str(ROOT))
    index.build()
    return {c.route.handler: c.rate_limits for c in document_api(index).contracts}


def test_rate_limits_equal_drf_throttles() -> None:
    require_module("rest_framework")
    expected = framework_dump(PROBE, str(ROOT), "site_cfg.settings", cwd=ROOT)
    found = static_limits()
    assert len(expected) >= 8 and any(expected.values()) and not all(expected.values())
    for handler, limits in expected.items():
        assert handler in found, (handler, sorted(found))
        assert found[handler] == limits, handler


def test_rate_limits_in_the_markdown() -> None:
    index = ProjectIndex(str(ROOT))
    index.build()
    text = render(document_api(index), "markdown")
    assert "**Rate limit**: 20/hour (uploads)" in text

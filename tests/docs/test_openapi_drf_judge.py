"""DRF: drf-spectacular's generated schema is the judge. A subprocess configures each project
(``DJANGO_SETTINGS_MODULE``, ``django.setup()``) and runs drf-spectacular's ``SchemaGenerator``
(``DEFAULT_SCHEMA_CLASS`` set to its ``AutoSchema`` over the project's own ``REST_FRAMEWORK``,
and ``SCHEMA_COERCE_PATH_PK`` off: the path keeps the router's ``{pk}``, as the URL does). The
static document must have the same operations, path and query parameters (pagination's), and
the same request and success response bodies field by field (see ``drf_judge``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _support import EXAMPLES, WORKSPACES, framework_dump, require_module
from backend_architect.actions.document_api.build import document_api
from backend_architect.index.project import ProjectIndex

from .drf_judge import differences, operation_view
from .judge import operations

PROBE = r"""
import json, os, sys
root, settings_module = os.path.abspath(sys.argv[1]), sys.argv[2]
sys.path.insert(0, root)
os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
import django
django.setup()
from django.conf import settings
from django.test import override_settings
rest = {
    **getattr(settings, "REST_FRAMEWORK", {}),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "SCHEMA_COERCE_PATH_PK": False,
}
with override_settings(REST_FRAMEWORK=rest):
    from drf_spectacular.generators import SchemaGenerator
    schema = SchemaGenerator().get_schema(request=None, public=True)
print(json.dumps(schema, default=str))
"""
CASES = [
    (WORKSPACES / "docs_drf_shop", "shopsite.settings", 18),
    (EXAMPLES / "django_drf", "library.settings", 15),
]


def spectacular(root: Path, settings: str) -> dict:
    require_module("drf_spectacular")
    return framework_dump(PROBE, str(root), settings, cwd=root)


def static(root: Path) -> dict:
    index = ProjectIndex(str(root))
    index.build()
    return document_api(index).openapi


@pytest.mark.parametrize(("root", "settings", "minimum"), CASES, ids=["drf_shop", "django_drf"])
def test_document_equals_drf_spectacular(root: Path, settings: str, minimum: int) -> None:
    expected = spectacular(root, settings)
    found = static(root)
    assert len(operations(expected)) >= minimum
    problems = differences(expected, found)
    assert not problems, "\n".join(problems)


def test_judge_sees_serializer_details() -> None:
    """The fixture exercises what the judge must see: nested and many=True serializers,
    read-only and write-only, null, pagination wrappers and their query parameters."""
    doc = static(WORKSPACES / "docs_drf_shop")
    ops = operations(doc)
    listing = operation_view(ops[("GET", "/api/products/")], doc)
    assert set(listing["parameters"]) == {("page", "query"), ("size", "query")}
    page = listing["success"]["200"]
    assert page["required"] == ["count", "results"]
    product = page["properties"]["results"]["items"]
    props = product["properties"]
    assert props["category"]["readOnly"] and props["category"]["properties"]["parent"]["nullable"]
    assert props["tags"]["type"] == ["array"] and props["tags"]["readOnly"]
    assert props["category_id"] == {"type": ["integer"], "nullable": True, "writeOnly": True}
    assert props["reviews"]["items"]["properties"]["author_email"]["writeOnly"]
    assert "note" not in product["required"] and "name" in product["required"]
    patch = operation_view(ops[("PATCH", "/api/products/{pk}/")], doc)["requestBody"]
    assert patch["required"] == []
    limits = operation_view(ops[("GET", "/api/categories/")], doc)["parameters"]
    assert set(limits) == {("limit", "query"), ("offset", "query")}
    contact = operation_view(ops[("POST", "/api/contact/")], doc)
    assert set(contact["success"]) == {"202"}
    assert json.dumps(contact["requestBody"]).count("readOnly") == 1  # ``sent``


def test_judge_fails_on_a_wrong_field() -> None:
    """The comparison can fail: a field retyped in the static document is reported."""
    root = WORKSPACES / "docs_drf_shop"
    expected = spectacular(root, "shopsite.settings")
    found = static(root)
    found["components"]["schemas"]["TagSerializer"]["properties"]["label"] = {"type": "integer"}
    assert any("/api/tags/" in p for p in differences(expected, found))

"""The static OpenAPI document against FastAPI's own ``app.openapi()``, for several apps.

FastAPI imports each app in a fresh interpreter (the test's side only: the document itself is
built from the source, never importing it). Equal after resolving ``$ref``s: operations,
path/query/header/cookie parameters (names, locations, required, schemas), request bodies and
success responses. Allowed differences: titles, descriptions, operationIds, added error
responses."""

from __future__ import annotations

import pytest
from _support import WORKSPACES, framework_dump, require_module
from backend_architect.actions.document_api.build import document_api
from backend_architect.index.project import ProjectIndex

from .judge import differences, operations

PROBE = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
module, _, attr = sys.argv[2].partition(":")
print(json.dumps(getattr(importlib.import_module(module), attr).openapi()))
"""

CASES = [
    ("docs_fastapi_basic", "main:app", 4),
    ("docs_fastapi_routers", "shop.main:app", 5),
    ("docs_fastapi_forms", "app:app", 7),
    ("docs_fastapi_security", "main:app", 5),
    ("docs_fastapi_aliases", "main:app", 5),
]


@pytest.mark.parametrize(("workspace", "app", "minimum"), CASES, ids=[c[0] for c in CASES])
def test_static_openapi_equals_fastapi(workspace: str, app: str, minimum: int) -> None:
    require_module("fastapi")
    root = WORKSPACES / workspace
    expected = framework_dump(PROBE, str(root), app)
    index = ProjectIndex(str(root))
    index.build()
    found = document_api(index).openapi
    assert len(operations(expected)) >= minimum
    problems = differences(expected, found)
    assert not problems, "\n".join(problems)


def test_input_and_output_components_named_as_fastapi() -> None:
    """A model whose input and output schemas differ (``validation_alias``,
    ``serialization_alias``, a computed field, a ``Decimal``, or a model inside that does) is
    ``Name-Input`` and ``Name-Output``, as FastAPI names them; the rest keep their name."""
    require_module("fastapi")
    root = WORKSPACES / "docs_fastapi_aliases"
    expected = framework_dump(PROBE, str(root), "main:app")
    index = ProjectIndex(str(root))
    index.build()
    found = document_api(index).openapi
    names = set(found["components"]["schemas"])
    assert names == set(expected["components"]["schemas"])
    assert {"Customer-Input", "Customer-Output", "Plain", "ReadOnly"} <= names
    body = found["paths"]["/customers"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/Customer-Input"}

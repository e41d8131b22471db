"""Pydantic v1 models against pydantic v1's own ``Model.schema()`` (pydantic 2 ships
``pydantic.v1``; FastAPI 0.165 refuses v1 models, so the models' schemas are compared, not an
app's document). Two ways a model is v1: it imports ``pydantic.v1``, or the project pins
``pydantic<2`` and imports ``pydantic`` (the judge then runs with ``pydantic`` standing for
``pydantic.v1``). Equal after resolving ``$ref``s (titles and descriptions aside, examples
compared): properties under their aliases (``Field(alias=)``, ``Config.fields``), v1's
``Optional`` (not required, not null, unless ``...``), ``Field(regex=)``, ``constr``/
``conint``/``conlist(min_items=)``, defaults, ``Config.schema_extra``; validators ignored."""

from __future__ import annotations

import os
from typing import Any

import pytest
from _support import WORKSPACES, framework_dump, require_module
from backend_architect.index.contracts.json_schema import SchemaBuilder
from backend_architect.index.project import ProjectIndex

from .judge import resolve

PROBE = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[3] == "pinned":
    import pydantic.v1
    sys.modules["pydantic"] = pydantic.v1
module = importlib.import_module(sys.argv[2])
print(json.dumps({name: getattr(module, name).schema() for name in sys.argv[4:]}))
"""
CASES = [
    ("explicit", "models", ["Tag", "Product", "Discounted"]),
    ("pinned", "schemas", ["Author", "Book"]),
]
IGNORED = frozenset({"title", "description"})


def v1_view(schema: Any) -> Any:
    """v1 writes a reference with siblings as ``allOf: [ref]``; the static document as the
    reference with its siblings (OpenAPI 3.1): the same schema."""
    if isinstance(schema, list):
        return [v1_view(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: v1_view(v) for k, v in schema.items()}
    all_of = out.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], dict):
        del out["allOf"]
        out = {**all_of[0], **out}
    return out


def static_schemas(root: str, module: str, names: list[str]) -> dict[str, Any]:
    index = ProjectIndex(root)
    index.build()
    facts = index.facts(os.path.join(root, module + ".py"))
    assert facts is not None
    builder = SchemaBuilder(index)
    refs = {name: builder.annotation_text(name, facts, "") for name in names}
    doc = {"components": {"schemas": builder.components}}
    return {name: resolve(ref, doc, ignored=IGNORED) for name, ref in refs.items()}


@pytest.mark.parametrize(("case", "module", "names"), CASES, ids=[c[0] for c in CASES])
def test_v1_schemas_equal_pydantic_v1(case: str, module: str, names: list[str]) -> None:
    require_module("pydantic.v1")
    root = str(WORKSPACES / "docs_pydantic_v1" / case)
    dumped = framework_dump(PROBE, root, module, case, *names)
    expected = {
        n: resolve(v1_view({k: v for k, v in s.items() if k != "definitions"}), s, ignored=IGNORED)
        for n, s in dumped.items()
    }
    found = static_schemas(root, module, names)
    for name in names:
        assert found[name] == expected[name], name
    assert len(expected[names[-1]]["properties"]) >= 5


def test_v1_fixture_exercises_the_differences() -> None:
    """What makes v1 differ from v2 is in the fixture, so the comparison above means it."""
    root = str(WORKSPACES / "docs_pydantic_v1" / "explicit")
    product = static_schemas(root, "models", ["Product"])["Product"]
    props = product["properties"]
    assert "note" not in product["required"] and props["note"] == {"type": "string"}
    assert "summary" in product["required"]  # Optional but ``Field(...)``
    assert props["SKU"]["pattern"] and "productTitle" in props and "internalCode" in props
    assert props["tags"]["minItems"] == 1 and props["only"] == {"enum": ["x"], "type": "string"}
    assert product["example"] == {"SKU": "ABC-1", "productTitle": "Lamp"}

"""GraphQL operations documented as SDL, judged by the libraries' own SDL.

A subprocess imports each fixture schema and prints its SDL (Strawberry's ``schema.as_str()``,
Graphene's ``str(schema)``); graphql-core parses that and the SDL the static documentation
writes. They must agree on every operation (root field), its argument names and types (with
nullability) and its return type, and on every type the operations reach, field by field. The
OpenAPI document carries it on the one POST endpoint serving the schema, with ``x-graphql``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _support import WORKSPACES, framework_dump, modules_fixture
from backend_architect.actions.document_api.build import document_api, render
from backend_architect.index.project import ProjectIndex
from openapi_spec_validator import validate

_frameworks = modules_fixture("strawberry", "graphene", "graphql")

PROBE = r"""
import importlib, json, sys

root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
schema = getattr(importlib.import_module(module_name), attr)
text = schema.as_str() if hasattr(schema, "as_str") else str(schema)
print(json.dumps(text))
"""

CASES = [
    ("strawberry", WORKSPACES / "graphql_strawberry", "gql.schema:schema", ["/gql", "/graphql"]),
    ("graphene", WORKSPACES / "graphql_graphene", "gapp.schema:schema", []),
]
# enums, inputs, nested and optional lists: one schema per library in its own workspace
TYPED = [
    (
        "strawberry-types",
        WORKSPACES / "graphql_sdl_types",
        "sdlapp.straw:schema",
        "sdlapp/straw.py",
    ),
    ("graphene-types", WORKSPACES / "graphql_sdl_types", "sdlapp.gra:schema", "sdlapp/gra.py"),
]


def view(sdl: str) -> dict[str, Any]:
    """Every named type: its kind and fields (type, and each argument's type)."""
    from graphql import build_schema

    schema = build_schema(sdl)
    out: dict[str, Any] = {}
    for name, t in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        kind = type(t).__name__
        if hasattr(t, "values"):
            out[name] = (kind, sorted(t.values))
            continue
        fields = getattr(t, "fields", {})
        out[name] = (
            kind,
            {
                f: (str(d.type), {a: str(x.type) for a, x in getattr(d, "args", {}).items()})
                for f, d in fields.items()
            },
        )
    return out


def built(root: Path) -> Any:
    index = ProjectIndex(str(root))
    index.build()
    return document_api(index)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_sdl_matches_the_schema(case: tuple[str, Path, str, list[str]]) -> None:
    _id, root, spec, _endpoints = case
    truth = view(framework_dump(PROBE, str(root), spec, cwd=root))
    doc = built(root)
    assert doc.graphql is not None
    ours = view(doc.graphql.sdl())
    assert len(truth) >= 3
    assert ours == truth


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_openapi_and_markdown(case: tuple[str, Path, str, list[str]]) -> None:
    _id, root, _spec, endpoints = case
    doc = built(root)
    validate(doc.openapi)
    assert doc.graphql is not None
    if endpoints:
        for path in endpoints:
            post = doc.openapi["paths"][path]["post"]
            assert post["x-graphql"]["schema"] == doc.graphql.sdl()
            assert post["requestBody"]["content"]["application/json"]["schema"]["required"] == [
                "query"
            ]
        assert "x-graphql" not in doc.openapi
    else:
        assert doc.openapi["x-graphql"]["schema"] == doc.graphql.sdl()
    names = {o["name"] for o in doc.graphql.extension()["operations"]}
    assert names == {r.path for r in doc.graphql.operations}
    text = render(doc, "markdown")
    assert "## GraphQL" in text
    for r in doc.graphql.operations:
        assert f"### `{r.methods[0]} {r.path}`" in text


@pytest.mark.parametrize("case", TYPED, ids=[c[0] for c in TYPED])
def test_sdl_of_enums_inputs_and_lists(case: tuple[str, Path, str, str]) -> None:
    _id, root, spec, rel = case
    truth = view(framework_dump(PROBE, str(root), spec, cwd=root))
    index = ProjectIndex(str(root))
    index.build()
    routes = [r for r in index.routes if r.file == str(root / rel)]
    doc = document_api(index, routes)
    assert doc.graphql is not None
    assert len(truth) >= 4
    assert view(doc.graphql.sdl()) == truth

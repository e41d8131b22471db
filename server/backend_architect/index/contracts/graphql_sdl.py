"""GraphQL operations as SDL: each root field with its arguments and return type, the schema
of the types they reach, and the OpenAPI side of it.

OpenAPI has no notion of GraphQL operations, so they are not invented as paths: the document
gets the one ``POST`` endpoint that really serves them (the GraphQL-over-HTTP request and
response envelope), and that operation carries an ``x-graphql`` extension with the SDL and the
operation list, so a reader of the OpenAPI document alone still finds the whole contract. A
schema the index finds but no mount for goes to the root ``x-graphql`` instead."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...core.model import Route
from ..project import ProjectIndex
from .graphql_types import GraphQLType, GraphQLTypes, base_name

ROOT_TYPES = {"QUERY": "Query", "MUTATION": "Mutation", "SUBSCRIPTION": "Subscription"}


def _default(text: str | None) -> str:
    """A Python default as a GraphQL literal (``None`` -> ``null``, ``'a'`` -> ``"a"``)."""
    if text is None:
        return ""
    if text == "None":
        return " = null"
    if text in ("True", "False"):
        return " = " + text.lower()
    if text[:1] in ("'", '"'):
        return " = " + json.dumps(text[1:-1])
    return " = " + text


def field_sdl(route: Route) -> str:
    """``userById(userId: ID!): Author``."""
    args = ", ".join(
        f"{p.name}: {p.annotation or 'Unresolved'}{_default(p.default)}" for p in route.parameters
    )
    return f"{route.path}{'(' + args + ')' if args else ''}: {route.response_model or 'Unresolved'}"


@dataclass
class GraphQLDocument:
    operations: list[Route]
    types: dict[str, GraphQLType]
    reached: dict[str, list[str]] = field(default_factory=dict)  # route label -> type names

    def endpoints(self) -> list[str]:
        out: set[str] = set()
        for r in self.operations:
            out.update(e.strip() for e in (r.endpoint or "").split(",") if e.strip())
        return sorted(out)

    def sdl(self) -> str:
        """The whole schema: the root types, then every type reached."""
        blocks = []
        for method, root in ROOT_TYPES.items():
            ops = [r for r in self.operations if r.methods[0] == method]
            if ops:
                blocks.append(
                    "\n".join([f"type {root} {{", *(f"  {field_sdl(r)}" for r in ops), "}"])
                )
        names = list(dict.fromkeys(n for r in self.operations for n in self.reached[r.label]))
        blocks += [self.types[n].sdl() for n in names]
        return "\n\n".join(blocks) + "\n"

    def operation_sdl(self, route: Route) -> str:
        """One operation in its root type, and the types it reaches."""
        root = ROOT_TYPES[route.methods[0]]
        blocks = [f"type {root} {{\n  {field_sdl(route)}\n}}"]
        blocks += [self.types[n].sdl() for n in self.reached[route.label]]
        return "\n\n".join(blocks)

    def extension(self) -> dict[str, Any]:
        return {
            "schema": self.sdl(),
            "operations": [
                {"operation": r.methods[0].lower(), "name": r.path, "field": field_sdl(r)}
                for r in self.operations
            ],
        }


def graphql_document(index: ProjectIndex, routes: list[Route]) -> GraphQLDocument | None:
    ops = [r for r in routes if r.framework == "graphql" and r.methods[0] in ROOT_TYPES]
    if not ops:
        return None
    types = GraphQLTypes(index)
    reached = {r.label: _reached_by(types, r) for r in ops}
    return GraphQLDocument(ops, types.types, reached)


def _reached_by(types: GraphQLTypes, route: Route) -> list[str]:
    types.reached([route])
    todo = [n for n in _names(route) if n in types.types]
    out: list[str] = []
    while todo:
        name = todo.pop(0)
        if name in out or name not in types.types:
            continue
        out.append(name)
        todo += [base_name(t) for _n, t in types.types[name].fields]
    return out


def _names(route: Route) -> list[str]:
    return [
        base_name(t)
        for t in [route.response_model or "", *(p.annotation or "" for p in route.parameters)]
    ]


GRAPHQL_REQUEST: dict[str, Any] = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "variables": {"anyOf": [{"type": "object"}, {"type": "null"}]},
        "operationName": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
    "required": ["query"],
}
GRAPHQL_RESPONSE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "data": {"anyOf": [{"type": "object"}, {"type": "null"}]},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
}


def add_to_openapi(doc: dict[str, Any], gql: GraphQLDocument) -> None:
    """The shared POST endpoint(s) with ``x-graphql``; or the root extension when unmounted."""
    endpoints = gql.endpoints()
    if not endpoints:
        doc["x-graphql"] = gql.extension()
        return
    for n, path in enumerate(endpoints):
        item = doc["paths"].setdefault(path, {})
        if "post" in item:
            item["post"]["x-graphql"] = gql.extension()
            continue
        item["post"] = {
            "operationId": "graphql" + (f"_{n + 1}" if n else ""),
            "summary": "GraphQL: "
            + ", ".join(f"{r.methods[0].lower()} {r.path}" for r in gql.operations),
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": GRAPHQL_REQUEST}},
            },
            "responses": {
                "200": {
                    "description": "GraphQL response",
                    "content": {"application/json": {"schema": GRAPHQL_RESPONSE}},
                }
            },
            "x-graphql": gql.extension(),
        }

"""GraphQL operations (Strawberry, Graphene) checked against the libraries' own introspection.

A subprocess imports the schema and runs ``schema.introspect()``; the Query, Mutation (and
Subscription) root fields with their argument names are the truth. The index, which never runs
the code, must have one "graphql" route per field with the same name (as the schema exposes it,
camelCased) and the same arguments: nothing missing, nothing extra.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from _support import WORKSPACES, assert_same_set, framework_dump, modules_fixture
from backend_architect.core.model import Route
from backend_architect.index.project import ProjectIndex
from backend_architect.report.route_card import route_card

_frameworks = modules_fixture("strawberry", "graphene")

PROBE = r"""
import importlib, json, sys

root, spec = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
module_name, _, attr = spec.partition(":")
schema = getattr(importlib.import_module(module_name), attr)
data = schema.introspect()["__schema"]
types = {t["name"]: t for t in data["types"]}
found = []
for key, operation in (("queryType", "QUERY"), ("mutationType", "MUTATION"),
                       ("subscriptionType", "SUBSCRIPTION")):
    root_type = data.get(key)
    if not root_type:
        continue
    for f in types[root_type["name"]]["fields"]:
        found.append([operation, f["name"], sorted(a["name"] for a in f["args"])])
print(json.dumps(sorted(found)))
"""

Operation = tuple[str, str, tuple[str, ...]]


def introspected(root: Path, spec: str) -> set[Operation]:
    dump = framework_dump(PROBE, str(root), spec, cwd=root)
    return {(op, name, tuple(args)) for op, name, args in dump}


def build(root: Path) -> ProjectIndex:
    index = ProjectIndex(str(root))
    index.build()
    return index


def indexed(index: ProjectIndex) -> set[Operation]:
    return {
        (r.methods[0], r.path, tuple(sorted(p.name for p in r.parameters)))
        for r in index.routes
        if r.framework == "graphql"
    }


def operation(index: ProjectIndex, method: str, name: str) -> Route:
    [route] = [
        r for r in index.routes if r.framework == "graphql" and r.label == f"{method} {name}"
    ]
    return route


CASES = [
    ("strawberry", WORKSPACES / "graphql_strawberry", "gql.schema:schema", 8),
    ("graphene", WORKSPACES / "graphql_graphene", "gapp.schema:schema", 7),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_operations_match_introspection(case: tuple[str, Path, str, int]) -> None:
    _id, root, spec, minimum = case
    assert_same_set(introspected(root, spec), indexed(build(root)), minimum)


def test_strawberry_details() -> None:
    index = build(WORKSPACES / "graphql_strawberry")
    user = operation(index, "QUERY", "userById")
    assert user.local_path == "user_by_id"
    assert user.handler == "gql.schema:Query.user_by_id"
    assert [(p.name, p.annotation, p.kind) for p in user.parameters] == [
        ("userId", "ID!", "argument")
    ]
    assert user.response_model == "Author"
    # served by a GraphQLRouter included at /graphql and by GraphQL(schema) mounted at /gql
    assert user.endpoint == "/gql, /graphql"
    assert [(a.name, a.level) for a in user.auth] == [
        ("get_current_user", "router"),
        ("IsAuthenticated", "handler"),
    ]
    books = operation(index, "QUERY", "books")
    assert books.handler == "gql.resolvers:get_books"
    assert [(p.name, p.annotation, p.default) for p in books.parameters] == [
        ("limit", "Int!", "10"),
        ("authorName", "String", "None"),
    ]
    # the attribute declaring the field is in another file than its resolver
    assert books.decorator_span is None
    assert operation(index, "QUERY", "totalBooks").local_path == "book_count"
    assert operation(index, "MUTATION", "removeAllBooks").handler == "gql.schema:Mutation.clear"
    assert operation(index, "QUERY", "search").is_async

    card = route_card(user, index)
    assert card.startswith("### `QUERY userById`")
    assert "GraphQL" in card and "served at `/gql`, `/graphql`" in card
    assert "| `userId` | argument | `ID!` |" in card
    assert "**Returns** `Author`" in card
    assert "Status codes" not in card


def test_graphene_details() -> None:
    index = build(WORKSPACES / "graphql_graphene")
    users = operation(index, "QUERY", "users")
    assert users.handler == "gapp.queries:UserQueries.resolve_users"
    assert [(p.name, p.annotation, p.default) for p in users.parameters] == [
        ("first", "Int", "10"),
        ("nameContains", "String", None),
    ]
    assert users.response_model == "[User!]"
    create = operation(index, "MUTATION", "createUser")
    assert create.handler == "gapp.schema:CreateUser.mutate"
    assert {(p.name, p.annotation) for p in create.parameters} == {
        ("name", "String!"),
        ("emailAddress", "String"),
    }
    # not mounted anywhere the index can see: no endpoint, still an operation of the schema
    assert create.endpoint is None and create.reachable
    now = operation(index, "QUERY", "now")
    assert now.local_path == "server_time" and now.handler == "gapp.schema:Query.server_time"


def test_types_outside_a_schema_are_not_operations(tmp_path: Path) -> None:
    (tmp_path / "s.py").write_text(
        textwrap.dedent(
            """\
            import strawberry

            @strawberry.type
            class Query:
                @strawberry.field
                def a(self) -> int:
                    return 1

            @strawberry.type
            class Unused:
                @strawberry.field
                def b(self) -> int:
                    return 1

            schema = strawberry.Schema(Query, config=strawberry.schema.config.StrawberryConfig(auto_camel_case=False))
            """
        )
    )
    assert introspected(tmp_path, "s:schema") == {("QUERY", "a", ())}
    assert indexed(build(tmp_path)) == {("QUERY", "a", ())}

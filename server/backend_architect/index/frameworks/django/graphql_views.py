"""The GraphQL HTTP endpoint of a Django project: graphene-django's and Strawberry's views.

``path("graphql/", GraphQLView.as_view(schema=schema))`` (or a project subclass that only
overrides ``dispatch``) serves GET (queries, the IDE) and POST; other methods get 405. The
schema it serves (``schema=``, a ``schema`` class attribute, or graphene-django's
``GRAPHENE["SCHEMA"]`` setting) is recorded for the GraphQL linker, which gives that path as
the ``endpoint`` of the schema's operations.
"""

from __future__ import annotations

import ast

from ....core.model import Route
from ....core.syntax import keyword_value
from ...facts import ModuleFacts, Scope
from ...symbol_types import Assigned, ClassSym, External, Symbol
from ..common import LinkContext

GRAPHQL_VIEWS = frozenset(
    {
        "graphene_django.views.GraphQLView",
        "strawberry.django.views.GraphQLView",
        "strawberry.django.views.AsyncGraphQLView",
    }
)
GRAPHQL_METHODS = ("get", "post")
ENDPOINTS = "django.graphql_endpoints"  # ctx.cache key: [(schema key, path, auth)]


def is_graphql_view(ctx: LinkContext, cls: Symbol) -> bool:
    if isinstance(cls, External):
        return cls.dotted in GRAPHQL_VIEWS
    if isinstance(cls, ClassSym):
        return cls.dotted in GRAPHQL_VIEWS or any(
            b in GRAPHQL_VIEWS for b in ctx.symbols.class_bases(cls)
        )
    return False


def record_endpoint(
    ctx: LinkContext,
    facts: ModuleFacts,
    scope: Scope,
    cls: Symbol,
    call: ast.Call,
    route: Route,
    settings: ModuleFacts | None,
) -> None:
    """Remember where the schema ``call`` (``GraphQLView.as_view(...)``) serves is routed."""
    schema = _schema(ctx, facts, scope, cls, call, settings)
    if schema is not None:
        ctx.cache.setdefault(ENDPOINTS, []).append((schema.key, route.path, list(route.auth)))


def _schema(
    ctx: LinkContext,
    facts: ModuleFacts,
    scope: Scope,
    cls: Symbol,
    call: ast.Call,
    settings: ModuleFacts | None,
) -> Assigned | None:
    symbols = ctx.symbols
    where: tuple[ModuleFacts, Scope, ast.expr] | None = None
    given = keyword_value(call, "schema")
    if given is not None:
        where = (facts, scope, given)
    elif isinstance(cls, ClassSym):
        for klass in symbols.class_chain(cls):
            entry = klass.facts.classes[klass.qualname].fields.get("schema")
            if entry is not None and entry[1] is not None:
                where = (klass.facts, klass.qualname, entry[1])
                break
    if where is None and settings is not None:  # graphene-django: GRAPHENE = {"SCHEMA": ...}
        value = settings.assigns.get(("", "GRAPHENE"))
        dotted = None
        if isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values, strict=True):
                if k is not None and symbols.evaluate_str(settings, "", k) == "SCHEMA":
                    dotted = symbols.evaluate_str(settings, "", v)
        if dotted:
            found = symbols.follow(symbols.resolve_dotted(dotted, settings.path))
            return found if isinstance(found, Assigned) else None
    if where is None:
        return None
    found = symbols.follow(symbols.resolve_expr(*where))
    return found if isinstance(found, Assigned) else None

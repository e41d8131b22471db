"""The one call both front ends make: the project's contracts, its OpenAPI document and its Markdown."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from ...core.model import Route
from ...index.contracts.committed import find_committed
from ...index.contracts.contract import Contract, ContractBuilder
from ...index.contracts.graphql_sdl import GraphQLDocument, add_to_openapi, graphql_document
from ...index.contracts.openapi import openapi_document
from ...index.project import ProjectIndex
from .graphql_markdown import render_graphql
from .markdown import render_markdown


@dataclass
class ApiDocument:
    contracts: list[Contract]
    openapi: dict[str, Any]
    unresolved: list[str]  # the type names no reader could resolve, written as unresolved
    graphql: GraphQLDocument | None = None  # the GraphQL operations, as SDL

    @property
    def components(self) -> dict[str, Any]:
        schemas: dict[str, Any] = self.openapi.get("components", {}).get("schemas", {})
        return schemas


def document_api(
    index: ProjectIndex,
    routes: list[Route] | None = None,
    title: str | None = None,
    committed: str | None = None,
) -> ApiDocument:
    """``committed``: the ``docs-openapi`` setting; the document found there (or at the root)
    keeps its title and ``info.version``: regenerating does not reset the contract's version."""
    builder = ContractBuilder(index)
    # the routes a framework adds itself (its schema, static files, OPTIONS) are no API
    chosen = [
        r for r in (index.published_routes() if routes is None else routes) if not r.generated
    ]
    contracts = builder.contracts(chosen)
    kept = find_committed(index.root, committed)
    info = kept.document.get("info", {}) if kept is not None else {}
    kept_title = info.get("title") if isinstance(info, dict) else None
    name = title or (kept_title if isinstance(kept_title, str) and kept_title else None)
    name = name or os.path.basename(index.root.rstrip(os.sep)) or "API"
    version = kept.version if kept is not None and kept.version != "unversioned" else "0.1.0"
    doc = openapi_document(contracts, builder.finish(contracts), name, version)
    gql = graphql_document(index, chosen)
    if gql is not None:
        add_to_openapi(doc, gql)
    return ApiDocument(contracts, doc, sorted(builder.schemas.unresolved), gql)


def render(doc: ApiDocument, fmt: str) -> str:
    """The document as ``openapi`` (JSON) or ``markdown`` text."""
    if fmt == "openapi":
        return json.dumps(doc.openapi, indent=2) + "\n"
    title = str(doc.openapi["info"]["title"])
    text = render_markdown(title, doc.contracts, doc.components)
    return text + "\n" + render_graphql(doc.graphql) if doc.graphql is not None else text

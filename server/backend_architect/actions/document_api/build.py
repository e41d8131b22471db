"""The one call both front ends make: the project's contracts, its OpenAPI document and its Markdown."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from ...core.model import Route
from ...index.project import ProjectIndex
from ...index.contracts.contract import Contract, ContractBuilder
from .markdown import render_markdown
from ...index.contracts.openapi import openapi_document


@dataclass
class ApiDocument:
    contracts: list[Contract]
    openapi: dict[str, Any]
    unresolved: list[str]  # the type names no reader could resolve, written as unresolved

    @property
    def components(self) -> dict[str, Any]:
        schemas: dict[str, Any] = self.openapi.get("components", {}).get("schemas", {})
        return schemas


def document_api(
    index: ProjectIndex, routes: list[Route] | None = None, title: str | None = None
) -> ApiDocument:
    builder = ContractBuilder(index)
    chosen = index.published_routes() if routes is None else routes
    contracts = builder.contracts(chosen)
    name = title or os.path.basename(index.root.rstrip(os.sep)) or "API"
    doc = openapi_document(contracts, builder.components(), name)
    return ApiDocument(contracts, doc, sorted(builder.schemas.unresolved))


def render(doc: ApiDocument, fmt: str) -> str:
    """The document as ``openapi`` (JSON) or ``markdown`` text."""
    if fmt == "openapi":
        return json.dumps(doc.openapi, indent=2) + "\n"
    title = str(doc.openapi["info"]["title"])
    return render_markdown(title, doc.contracts, doc.components)

"""The OpenAPI 3.1 document of a project's contracts, with unique operationIds."""

from __future__ import annotations

import re
from typing import Any

from .contract import Contract

OPENAPI_VERSION = "3.1.0"


def operation_id(contract: Contract) -> str:
    name = contract.route.handler.rpartition(":")[2].replace(".", "_")
    return re.sub(r"\W", "_", f"{name}{contract.path}") + f"_{contract.method.lower()}"


def openapi_document(
    contracts: list[Contract],
    components: dict[str, Any],
    title: str,
    version: str = "0.1.0",
) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    schemes: dict[str, Any] = {}
    for c in contracts:
        method = c.method.lower()
        if method not in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            continue
        item = paths.setdefault(c.path, {})
        if method in item:
            continue  # the first declaration wins, as the frameworks dispatch it
        op = dict(c.operation)
        oid = operation_id(c)
        n = 2
        while oid in used:  # FastAPI repeats one for a GET+HEAD api_route; never here
            oid, n = f"{operation_id(c)}_{n}", n + 1
        used.add(oid)
        op["operationId"] = oid
        item[method] = op
        schemes.update(c.security_schemes)
    doc: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": version},
        "paths": paths,
    }
    comps: dict[str, Any] = {}
    if components:
        comps["schemas"] = dict(sorted(components.items()))
    if schemes:
        comps["securitySchemes"] = schemes
    if comps:
        doc["components"] = comps
    return doc

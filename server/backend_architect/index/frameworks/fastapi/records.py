"""The plain data the per-module passes keep: apps and routers, includes, route declarations."""

from __future__ import annotations

from dataclasses import dataclass

from ....core.model import AuthRequirement, Parameter, Span
from ...symbol_types import Assigned
from ..common import RouterNode


def mount_signature(
    node: RouterNode, mounts: list[tuple[str, list[AuthRequirement], bool]]
) -> tuple[object, ...]:
    """What a node's routes take from it: compared between relinks to keep its routes."""
    return (
        node.prefix,
        tuple(node.auth),
        tuple((prefix, tuple(auth), reachable) for prefix, auth, reachable in mounts),
    )


@dataclass(frozen=True)
class RouterObject:
    """An app or router a module assigns (plain data, memoised per module)."""

    key: tuple[str, str, str]
    sym: Assigned
    kind: str
    prefix: str
    auth: tuple[AuthRequirement, ...]


@dataclass(frozen=True)
class Include:
    """``parent.include_router(child, prefix=..., dependencies=...)``: the objects each side
    can denote (filtered to apps and routers when the graph is combined)."""

    parents: tuple[tuple[str, str, str], ...]
    children: tuple[tuple[str, str, str], ...]
    prefix: str
    auth: tuple[AuthRequirement, ...]


@dataclass(frozen=True)
class Handler:
    """A route declaration with everything about its handler but the router's mounts."""

    nodes: tuple[tuple[str, str, str], ...]
    methods: tuple[str, ...]
    local: str
    handler: str
    file: str
    span: Span
    decorator_span: Span | None
    body_span: Span
    parameters: tuple[Parameter, ...]
    request_model: str | None
    response_model: str | None
    status_code: int | None
    raises: tuple[tuple[int | None, str], ...]
    auth: tuple[AuthRequirement, ...]  # the handler's own: decorator dependencies, parameters
    docstring: str | None
    is_async: bool
    name: str  # ``name=`` of the declaration, else the function's (FastAPI's default)

"""The language server assembled: one instance, each feature registered on it, then served.

Features register their handlers through ``register(server)`` and import only
``language_server`` (the class they are handed), never this module, so nothing inside ``lsp/``
imports in a circle and no server exists until :func:`create_server` makes one.
"""

from __future__ import annotations

import logging

from .features import (
    call_lenses,
    code_actions,
    completion,
    document_api,
    documents,
    lifecycle,
    migrations,
    navigation,
    review,
    route_explorer,
    routes,
    rule_docs,
)
from .language_server import BackendArchitectServer

# code_actions before review: the review adds its provider and kind to what code_actions set up
FEATURES = (
    lifecycle,
    documents,
    code_actions,
    review,
    migrations,
    routes,
    route_explorer,
    call_lenses,
    completion,
    navigation,
    rule_docs,
    document_api,
)


def create_server() -> BackendArchitectServer:
    server = BackendArchitectServer()
    for feature in FEATURES:
        feature.register(server)
    return server


def serve(tcp: tuple[str, int] | None = None, log_file: str | None = None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]  # stderr: never stdout (LSP)
    if log_file:
        handlers.append(logging.FileHandler(log_file))
    logging.basicConfig(
        level=logging.INFO,
        handlers=handlers,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    # pygls logs every message at INFO, initializationOptions included: those can carry an
    # API key, which must never reach a log.
    logging.getLogger("pygls").setLevel(logging.WARNING)
    server = create_server()
    if tcp is not None:
        server.start_tcp(*tcp)
    else:
        server.start_io()

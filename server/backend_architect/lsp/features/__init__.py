"""LSP features, one module per area; each registers its handlers on the shared server."""

from . import documents, lifecycle, review, routes

__all__ = ["documents", "lifecycle", "review", "routes"]

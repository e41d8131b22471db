"""LSP features, one module per area; each registers its handlers on the shared server."""

from . import documents, lifecycle, navigation, review, routes

__all__ = ["documents", "lifecycle", "navigation", "review", "routes"]

"""LSP features, one module per area; each registers its handlers on the shared server."""

from . import code_actions, documents, lifecycle, navigation, review, routes, rule_docs

__all__ = ["code_actions", "documents", "lifecycle", "navigation", "review", "routes", "rule_docs"]

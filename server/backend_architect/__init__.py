"""backend-architect-lsp: a language server that reviews Python web back ends."""

__version__ = "0.1.0"

"""LSP features, one module per area; each has ``register(server)`` adding its handlers."""

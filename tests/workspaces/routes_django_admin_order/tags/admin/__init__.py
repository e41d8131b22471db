from .tagging import TagAdmin  # noqa: F401  (an admin package: its modules register)

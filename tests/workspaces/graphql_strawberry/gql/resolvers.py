import strawberry


def get_books(limit: int = 10, author_name: str | None = None) -> list["Book"]:
    return []


def count_books() -> int:
    return 0


from .types import Book  # noqa: E402

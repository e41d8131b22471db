from typing import Annotated, Optional

import strawberry
from strawberry.permission import BasePermission

from .resolvers import count_books, get_books
from .types import Author, Book


class IsAuthenticated(BasePermission):
    message = "not signed in"

    def has_permission(self, source, info, **kwargs) -> bool:
        return False


@strawberry.type
class BaseQuery:
    @strawberry.field
    def server_version(self) -> str:
        return "1"


@strawberry.type
class Query(BaseQuery):
    books: list[Book] = strawberry.field(resolver=get_books)
    book_count: int = strawberry.field(resolver=count_books, name="totalBooks")
    motd: str = "hello"

    @strawberry.field(permission_classes=[IsAuthenticated])
    def user_by_id(self, info: strawberry.Info, user_id: strawberry.ID) -> Optional[Author]:
        """One author by id."""
        return None

    @strawberry.field
    async def search(
        self, text: Annotated[str, strawberry.argument(name="q")], first_n: int = 5
    ) -> list[Book]:
        return []

    def helper(self) -> int:  # not a field: no decorator, no annotation
        return 1


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add_book(self, title: str, author: str) -> Book:
        return Book(title=title, author=author)

    @strawberry.mutation(name="removeAllBooks")
    def clear(self) -> bool:
        return True


schema = strawberry.Schema(query=Query, mutation=Mutation)

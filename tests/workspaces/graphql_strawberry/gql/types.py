import strawberry


@strawberry.type
class Book:
    title: str
    author: str


@strawberry.type
class Author:
    name: str

import enum
from typing import Optional

import strawberry


@strawberry.enum
class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


@strawberry.type
class Tag:
    label: str


@strawberry.type
class Post:
    id: strawberry.ID
    title: str
    status: Status
    tags: list[Tag]
    rating: Optional[float] = None


@strawberry.input
class PostInput:
    title: str
    status: Status = Status.DRAFT
    tag_labels: Optional[list[str]] = None


@strawberry.type
class Query:
    @strawberry.field
    def posts(self, status: Optional[Status] = None, first: int = 20) -> list[Optional[Post]]:
        return []


@strawberry.type
class Mutation:
    @strawberry.mutation
    def create_post(self, data: PostInput) -> Post:
        raise NotImplementedError


schema = strawberry.Schema(query=Query, mutation=Mutation)

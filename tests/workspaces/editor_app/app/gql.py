import strawberry


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[str]:
        return []


@strawberry.type
class Mutation:
    @strawberry.mutation
    def add_item(self, name: str) -> str:
        return name


schema = strawberry.Schema(query=Query, mutation=Mutation)

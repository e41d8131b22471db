"""A graphene schema (served through the GRAPHENE setting) and a Strawberry one."""

import graphene
import strawberry


class Query(graphene.ObjectType):
    hello = graphene.String(name=graphene.String(default_value="world"))

    def resolve_hello(self, info, name):
        return f"Hello {name}"


class AddBook(graphene.Mutation):
    class Arguments:
        title = graphene.String(required=True)

    ok = graphene.Boolean()

    def mutate(self, info, title):
        return AddBook(ok=True)


class Mutation(graphene.ObjectType):
    add_book = AddBook.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)


@strawberry.type
class ShelfQuery:
    @strawberry.field
    def shelf_count(self) -> int:
        return 0


shelves = strawberry.Schema(query=ShelfQuery)

import graphene

from .queries import User, UserQueries


class Query(UserQueries, graphene.ObjectType):
    hello = graphene.String(who=graphene.String(default_value="world"))
    server_time = graphene.String(name="now")
    legacy = graphene.Field(graphene.String, args={"old_id": graphene.Int()})

    def resolve_hello(root, info, who):
        return f"hello {who}"


class CreateUser(graphene.Mutation):
    class Arguments:
        name = graphene.String(required=True)
        email_address = graphene.String()

    user = graphene.Field(User)

    def mutate(root, info, name, email_address=None):
        return CreateUser(user=None)


class DeleteUser(graphene.Mutation):
    class Arguments:
        user_id = graphene.ID(required=True)

    ok = graphene.Boolean()

    def mutate(root, info, user_id):
        return DeleteUser(ok=True)


class Mutation(graphene.ObjectType):
    create_user = CreateUser.Field()
    delete_user = DeleteUser.Field(description="Delete for good")


schema = graphene.Schema(query=Query, mutation=Mutation)

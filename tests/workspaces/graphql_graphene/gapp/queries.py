import graphene


class User(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String()


class UserQueries:
    """A mixin the root Query combines, as larger Graphene projects do."""

    user_by_id = graphene.Field(User, user_id=graphene.ID(required=True))
    users = graphene.List(graphene.NonNull(User), first=graphene.Int(default_value=10), name_contains=graphene.String())

    def resolve_user_by_id(root, info, user_id):
        return None

    def resolve_users(root, info, first=10, name_contains=None):
        return []

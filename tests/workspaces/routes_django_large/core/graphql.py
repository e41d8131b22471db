import graphene


class Query(graphene.ObjectType):
    site_count = graphene.Int()
    device = graphene.String(id=graphene.ID(required=True))

    def resolve_site_count(self, info):
        return 0

    def resolve_device(self, info, id):
        return id


schema = graphene.Schema(query=Query)

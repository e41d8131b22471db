import graphene


class Color(graphene.Enum):
    RED = 1
    GREEN = 2


class Shape(graphene.ObjectType):
    name = graphene.String(required=True)
    color = graphene.Field(Color)
    sides = graphene.List(graphene.NonNull(graphene.Int))


class ShapeFilter(graphene.InputObjectType):
    color = Color()
    min_sides = graphene.Int()


class Query(graphene.ObjectType):
    shapes = graphene.List(Shape, where=ShapeFilter(required=True))
    favourite = graphene.Field(Shape)


schema = graphene.Schema(query=Query)

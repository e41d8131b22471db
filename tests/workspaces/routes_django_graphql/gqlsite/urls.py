from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView

from books.schema import schema, shelves
from books.views import PrivateGraphQLView

urlpatterns = [
    path("graphql/", csrf_exempt(GraphQLView.as_view(graphiql=False))),
    path("graphql/explicit/", GraphQLView.as_view(schema=schema)),
    path("shelves/graphql/", PrivateGraphQLView.as_view(schema=shelves)),
]

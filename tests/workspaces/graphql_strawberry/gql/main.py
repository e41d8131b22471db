from fastapi import Depends, FastAPI
from starlette.applications import Starlette
from starlette.routing import Mount
from strawberry.asgi import GraphQL
from strawberry.fastapi import GraphQLRouter

from .schema import schema


def get_current_user():
    return None


app = FastAPI()
graphql_app = GraphQLRouter(schema)
app.include_router(graphql_app, prefix="/graphql", dependencies=[Depends(get_current_user)])

legacy = Starlette(routes=[Mount("/gql", app=GraphQL(schema))])

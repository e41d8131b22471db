from fastapi import FastAPI
from strawberry.fastapi import GraphQLRouter

from app import items
from app.gql import schema

app = FastAPI(title="Editor test app")
app.include_router(items.router, prefix="/api/v1")
graphql_app = GraphQLRouter(schema)
app.include_router(graphql_app, prefix="/graphql")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}

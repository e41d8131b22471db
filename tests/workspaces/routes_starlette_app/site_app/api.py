from starlette.routing import Mount, Route

from . import views
from .views import Report, UserEndpoint, create_item, list_users

USER_ROUTES = [
    Route("/users", list_users),
    Route("/users/{user_id:int}", UserEndpoint),
]

api_routes = USER_ROUTES + [
    Route("/items", create_item, methods=["post", "PUT"]),
    Mount("/reports/", routes=[Route("/", Report), Route("/{year:int}/{slug}", views.thing)]),
]

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler


def requires_login(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if not connection.headers.get("authorization"):
        raise NotAuthorizedException()


def requires_admin(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    if connection.headers.get("x-role") != "admin":
        raise NotAuthorizedException()

"""Starlette route discovery and the ASGI mount graph that FastAPI and GraphQL share.

Starlette routes are objects in lists: ``Starlette(routes=[Route(...), Mount("/api",
routes=[...]), Mount("/sub", app=other), Host(...), WebSocketRoute(...)])``, ``Router(routes=...)``,
lists held in names or other modules, and the statement forms ``app.add_route``,
``app.add_websocket_route``, ``app.mount``, ``app.host`` (on Starlette and FastAPI apps alike).
Mounting is live in Starlette (nothing is copied), so a mounted app or router serves every route
it has under the mount's path, and an app mounted in another is not served at the root.

Auth: ``Middleware(AuthenticationMiddleware, backend=...)`` in an app's or mount's middleware
and ``app.add_middleware(AuthenticationMiddleware, ...)`` are recorded at "middleware" level
with ``kind="authentication"``: that middleware identifies the caller (``request.user``) but lets
anonymous requests through, so on its own it does not protect a route. ``@requires(...)`` on an
endpoint (function or ``HTTPEndpoint`` method) is what turns callers away: "handler" level.
"""

"""Router classes that change what each registered viewset gets."""

from rest_framework.routers import DefaultRouter, DynamicRoute, Route, SimpleRouter


class BulkRouter(DefaultRouter):
    """NetBox's router: the list route also takes bulk PUT, PATCH and DELETE."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes[0].mapping.update(
            {
                "put": "bulk_update",
                "patch": "bulk_partial_update",
                "delete": "bulk_destroy",
            }
        )


class ReadOnlyRouter(SimpleRouter):
    """The custom router of DRF's documentation: no trailing slash, reads only."""

    routes = [
        Route(
            url=r"^{prefix}$",
            mapping={"get": "list"},
            name="{basename}-list",
            detail=False,
            initkwargs={"suffix": "List"},
        ),
        Route(
            url=r"^{prefix}/{lookup}$",
            mapping={"get": "retrieve"},
            name="{basename}-detail",
            detail=True,
            initkwargs={"suffix": "Detail"},
        ),
        DynamicRoute(
            url=r"^{prefix}/{lookup}/{url_path}$",
            name="{basename}-{url_name}",
            detail=True,
            initkwargs={},
        ),
    ]


class CountingRouter(SimpleRouter):
    """DRF's routes and one more: ``count`` on every list."""

    routes = SimpleRouter.routes + [
        Route(
            url=r"^{prefix}/count{trailing_slash}$",
            mapping={"get": "count"},
            name="{basename}-count",
            detail=False,
            initkwargs={},
        ),
    ]


class ListOnlyRouter(SimpleRouter):
    """Routes from a property: lists and their actions only."""

    @property
    def routes(self):
        return [
            Route(
                url=r"^{prefix}{trailing_slash}$",
                mapping={"get": "list"},
                name="{basename}-list",
                detail=False,
                initkwargs={},
            ),
            DynamicRoute(
                url=r"^{prefix}/{url_path}{trailing_slash}$",
                name="{basename}-{url_name}",
                detail=False,
                initkwargs={},
            ),
        ]


class ExtendedRouter(DefaultRouter):
    """DRF's routes for each viewset plus a bulk route where the viewset offers it."""

    def get_routes(self, viewset):
        routes = super().get_routes(viewset)
        if getattr(viewset, "bulk_enabled", False):
            routes = routes + [
                Route(
                    url=r"^{prefix}/bulk{trailing_slash}$",
                    mapping={"post": "bulk_create", "delete": "bulk_delete"},
                    name="{basename}-bulk",
                    detail=False,
                    initkwargs={},
                )
            ]
        return routes


class NoDetailRouter(SimpleRouter):
    """Detail routes dropped for viewsets that say so; a slug lookup where they use one."""

    def get_routes(self, viewset):
        routes = super(NoDetailRouter, self).get_routes(viewset)
        if getattr(viewset, "list_only", False):
            return [route for route in routes if not route.detail]
        return routes

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", None) == "slug":
            return r"(?P<code>[-\w]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)


class WriteGuardRouter(SimpleRouter):
    """Only the read verbs where the viewset is marked read-only, and a fixed route list."""

    def get_method_map(self, viewset, method_map):
        mapping = super().get_method_map(viewset, method_map)
        if hasattr(viewset, "read_only_api"):
            return {m: a for m, a in mapping.items() if m == "get"}
        return mapping

    def get_routes(self, viewset):
        return [r for r in self.routes if isinstance(r, Route)]

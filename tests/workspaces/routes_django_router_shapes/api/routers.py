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

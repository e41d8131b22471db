from rest_framework.routers import DefaultRouter


class NetBoxRouter(DefaultRouter):
    """Bulk PUT, PATCH and DELETE on every list route."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes[0].mapping.update(
            {
                "put": "bulk_update",
                "patch": "bulk_partial_update",
                "delete": "bulk_destroy",
            }
        )

from core.api import NetBoxModelViewSet


class TenantViewSet(NetBoxModelViewSet):
    pass

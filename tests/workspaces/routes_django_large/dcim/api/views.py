from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NetBoxModelViewSet


class SiteViewSet(NetBoxModelViewSet):
    pass


class DeviceViewSet(NetBoxModelViewSet):
    @action(detail=True, methods=["get", "post"], url_path="napalm")
    def napalm(self, request, pk=None):
        return Response({})


class RackViewSet(NetBoxModelViewSet):
    @action(detail=True)
    def elevation(self, request, pk=None):
        return Response([])

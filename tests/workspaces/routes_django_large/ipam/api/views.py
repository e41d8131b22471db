from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import NetBoxModelViewSet


class PrefixViewSet(NetBoxModelViewSet):
    @action(detail=True, url_path="available-ips", methods=["get", "post"])
    def available_ips(self, request, pk=None):
        return Response([])


class VLANViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = None

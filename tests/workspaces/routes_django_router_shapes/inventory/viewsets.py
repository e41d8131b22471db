from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response


class BulkMixin:
    def bulk_update(self, request):
        return Response([])

    def bulk_partial_update(self, request):
        return Response([])

    def bulk_destroy(self, request):
        return Response(status=204)


class DeviceViewSet(BulkMixin, viewsets.ModelViewSet):
    queryset = None

    @action(detail=True, methods=["post"])
    def reboot(self, request, pk=None):
        return Response({})


class CableViewSet(BulkMixin, viewsets.ReadOnlyModelViewSet):
    queryset = None


class SiteViewSet(viewsets.ModelViewSet):
    queryset = None

    @action(detail=True)
    def racks(self, request, pk=None):
        return Response([])

    @action(detail=False)
    def nearby(self, request):
        return Response([])


class TagViewSet(viewsets.ModelViewSet):
    queryset = None

    def count(self, request):
        return Response({"count": 0})


class ModuleViewSet(viewsets.ModelViewSet):
    queryset = None
    bulk_enabled = True

    def bulk_create(self, request):
        return Response([])

    def bulk_delete(self, request):
        return Response(status=204)

    @action(detail=True, methods=["post"])
    def install(self, request, pk=None):
        return Response({})


class PlatformViewSet(viewsets.ModelViewSet):
    queryset = None
    lookup_field = "slug"
    list_only = False

    @action(detail=False)
    def summary(self, request):
        return Response({})


class RegionViewSet(viewsets.ModelViewSet):
    queryset = None
    list_only = True

    @action(detail=True)
    def sites(self, request, pk=None):
        return Response([])

    @action(detail=False)
    def tree(self, request):
        return Response([])


class ReportViewSet(viewsets.ModelViewSet):
    queryset = None
    read_only_api = True

    @action(detail=False)
    def latest(self, request):
        return Response({})

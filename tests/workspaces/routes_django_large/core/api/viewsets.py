from rest_framework import viewsets
from rest_framework.response import Response

__all__ = ("NetBoxModelViewSet", "BulkUpdateModelMixin", "BulkDestroyModelMixin")


class BulkUpdateModelMixin:
    def bulk_update(self, request, *args, **kwargs):
        return Response([])

    def bulk_partial_update(self, request, *args, **kwargs):
        return Response([])


class BulkDestroyModelMixin:
    def bulk_destroy(self, request, *args, **kwargs):
        return Response(status=204)


class NetBoxModelViewSet(BulkUpdateModelMixin, BulkDestroyModelMixin, viewsets.ModelViewSet):
    queryset = None

from django.http import HttpResponse

from .base import BaseObjectView

__all__ = ("ObjectListView", "BulkDeleteView")


class ObjectListView(BaseObjectView):
    def get(self, request):
        return HttpResponse("list")

    def post(self, request):
        return HttpResponse("export")


class BulkDeleteView(BaseObjectView):
    def post(self, request):
        return HttpResponse("deleted")


class NotExported(BaseObjectView):
    def get(self, request):
        return HttpResponse("no")

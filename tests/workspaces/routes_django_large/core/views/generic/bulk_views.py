from django.http import HttpResponse

from .base import BaseObjectView

__all__ = ("ObjectListView", "BulkImportView", "BulkEditView", "BulkDeleteView")


class ObjectListView(BaseObjectView):
    def get(self, request):
        return HttpResponse("list")


class BulkImportView(BaseObjectView):
    def get(self, request):
        return HttpResponse("form")

    def post(self, request):
        return HttpResponse("imported")


class BulkEditView(BaseObjectView):
    def get(self, request):
        return HttpResponse("form")

    def post(self, request):
        return HttpResponse("edited")


class BulkDeleteView(BaseObjectView):
    def post(self, request):
        return HttpResponse("deleted")

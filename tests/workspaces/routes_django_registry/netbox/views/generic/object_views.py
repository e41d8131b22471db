from django.http import HttpResponse

from .base import BaseObjectView

__all__ = ("ObjectView", "ObjectEditView", "ObjectDeleteView")


class ObjectView(BaseObjectView):
    def get(self, request, pk):
        return HttpResponse("one")


class ObjectEditView(BaseObjectView):
    def get(self, request, pk=None):
        return HttpResponse("form")

    def post(self, request, pk=None):
        return HttpResponse("saved")


class ObjectDeleteView(ObjectView):
    def post(self, request, pk):
        return HttpResponse("gone")

from django.http import HttpResponse

from .base import BaseObjectView

__all__ = ("ObjectView", "ObjectEditView", "ObjectDeleteView", "ObjectChangeLogView")


class ObjectView(BaseObjectView):
    def get(self, request, **kwargs):
        return HttpResponse("one")


class ObjectEditView(BaseObjectView):
    def get(self, request, **kwargs):
        return HttpResponse("form")

    def post(self, request, **kwargs):
        return HttpResponse("saved")


class ObjectDeleteView(BaseObjectView):
    def get(self, request, **kwargs):
        return HttpResponse("confirm")

    def post(self, request, **kwargs):
        return HttpResponse("gone")


class ObjectChangeLogView(ObjectView):
    base_template = None

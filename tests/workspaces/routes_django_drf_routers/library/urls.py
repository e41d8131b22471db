from django.urls import include, path
from rest_framework import routers

from library import viewsets

router = routers.DefaultRouter()
router.register(r"books", viewsets.BookViewSet)
router.register(r"shelves", viewsets.ShelfViewSet, basename="shelf")
router.register(r"forms", viewsets.FormViewSet, basename="form")
router.register(r"narrow-forms", viewsets.NarrowFormViewSet, basename="narrow-form")

simple = routers.SimpleRouter(trailing_slash=False)
simple.register("reviews", viewsets.ReviewViewSet, basename="review")
simple.register("stats", viewsets.StatsViewSet, basename="stats")
simple.register("getters", viewsets.GetterViewSet, basename="getter")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("export/", viewsets.ExportViewSet.as_view({"get": "list", "post": "export"})),
    path("make/", viewsets.GetterViewSet.as_view({"post": "create"})),
]
urlpatterns += simple.urls

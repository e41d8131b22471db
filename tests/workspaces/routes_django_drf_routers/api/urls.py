from django.urls import include, path
from rest_framework.routers import SimpleRouter

from library.viewsets import ShelfViewSet

plain = SimpleRouter(use_regex_path=False)
plain.register("", ShelfViewSet, basename="root-shelf")

urlpatterns = [
    path("api/", include("library.urls")),
    path("shelves/", include((plain.urls, "shelves"), namespace="plain")),
]

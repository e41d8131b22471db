from django.urls import path
from rest_framework.routers import SimpleRouter

from api.routers import CountingRouter, ListOnlyRouter, ReadOnlyRouter

from . import viewsets

readonly = ReadOnlyRouter()
readonly.register("sites", viewsets.SiteViewSet, basename="site")

counting = CountingRouter()
counting.register("tags", viewsets.TagViewSet, basename="tag")

lists = ListOnlyRouter()
lists.register("lists", viewsets.SiteViewSet, basename="list-site")

plain = SimpleRouter(trailing_slash=False)
plain.register("sites", viewsets.SiteViewSet, basename="plain-site")

urlpatterns = [path("health", viewsets.TagViewSet.as_view({"get": "count"}))] + readonly.urls
urlpatterns += counting.urls
urlpatterns += lists.urls
urlpatterns = urlpatterns + plain.urls

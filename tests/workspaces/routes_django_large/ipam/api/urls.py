from django.urls import path
from rest_framework.routers import SimpleRouter

from core.api import NetBoxRouter

from . import views

router = NetBoxRouter()
router.register("prefixes", views.PrefixViewSet, basename="prefix")

readonly = SimpleRouter()
readonly.register("vlans", views.VLANViewSet, basename="vlan")

urlpatterns = [
    path("prefixes/summary/", views.PrefixViewSet.as_view({"get": "list"})),
] + router.urls
urlpatterns += readonly.urls

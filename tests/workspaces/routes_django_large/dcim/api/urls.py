from core.api import NetBoxRouter

from . import views

router = NetBoxRouter()
router.register("sites", views.SiteViewSet, basename="site")
router.register("devices", views.DeviceViewSet, basename="device")
router.register("racks", views.RackViewSet, basename="rack")

app_name = "dcim-api"
urlpatterns = router.urls

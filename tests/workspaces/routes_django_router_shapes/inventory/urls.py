from api.routers import BulkRouter

from . import viewsets

router = BulkRouter()
router.register("devices", viewsets.DeviceViewSet, basename="device")
router.register("cables", viewsets.CableViewSet, basename="cable")

urlpatterns = router.urls

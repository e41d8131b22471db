from core.api import NetBoxRouter

from .views import TenantViewSet

router = NetBoxRouter()
router.register("tenants", TenantViewSet, basename="tenant")
urlpatterns = router.urls

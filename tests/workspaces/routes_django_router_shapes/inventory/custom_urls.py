from api.routers import ExtendedRouter, NoDetailRouter, WriteGuardRouter

from . import viewsets

extended = ExtendedRouter()
extended.register("modules", viewsets.ModuleViewSet, basename="module")
# a near miss: no bulk_enabled, DRF's routes only
extended.register("sites", viewsets.SiteViewSet, basename="ext-site")

pruned = NoDetailRouter()
pruned.register("regions", viewsets.RegionViewSet, basename="region")
pruned.register("platforms", viewsets.PlatformViewSet, basename="platform")

guarded = WriteGuardRouter()
guarded.register("reports", viewsets.ReportViewSet, basename="report")
guarded.register("tags", viewsets.TagViewSet, basename="guarded-tag")

urlpatterns = extended.urls + pruned.urls + guarded.urls

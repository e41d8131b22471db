from netbox.views import generic
from utilities.views import register_model_view

from .models import Region, Site


@register_model_view(Site, "list", path="", detail=False)
class SiteListView(generic.ObjectListView):
    pass


@register_model_view(Site, "add", detail=False)
@register_model_view(Site, "edit")
class SiteEditView(generic.ObjectEditView):
    pass


@register_model_view(Site, "bulk_delete", path="delete", detail=False)
class SiteBulkDeleteView(generic.BulkDeleteView):
    pass


@register_model_view(Site)
class SiteView(generic.ObjectView):
    pass


@register_model_view(Site, "delete")
class SiteDeleteView(generic.ObjectDeleteView):
    pass


@register_model_view(Region, "list", path="", detail=False)
class RegionListView(generic.ObjectListView):
    pass


@register_model_view(Region)
class RegionView(generic.ObjectView):
    pass

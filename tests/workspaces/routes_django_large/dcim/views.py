from core.views import generic
from utilities.views import ViewTab, register_model_view

from .models import Device, Rack, Site


@register_model_view(Site, "list", path="", detail=False)
class SiteListView(generic.ObjectListView):
    pass


@register_model_view(Site, "add", detail=False)
@register_model_view(Site, "edit")
class SiteEditView(generic.ObjectEditView):
    pass


@register_model_view(Site, "bulk_import", path="import", detail=False)
class SiteBulkImportView(generic.BulkImportView):
    pass


@register_model_view(Site)
class SiteView(generic.ObjectView):
    pass


@register_model_view(Site, "delete")
class SiteDeleteView(generic.ObjectDeleteView):
    pass


@register_model_view(Site, "changelog", kwargs={"model": Site})
class SiteChangeLogView(generic.ObjectChangeLogView):
    tab = ViewTab("Changelog")


@register_model_view(Device, "list", path="", detail=False)
class DeviceListView(generic.ObjectListView):
    pass


@register_model_view(Device, "bulk_edit", path="edit", detail=False)
class DeviceBulkEditView(generic.BulkEditView):
    pass


@register_model_view(Device, "bulk_delete", path="delete", detail=False)
class DeviceBulkDeleteView(generic.BulkDeleteView):
    pass


@register_model_view(Device)
class DeviceView(generic.ObjectView):
    pass


@register_model_view(Rack, "list", path="", detail=False)
class RackListView(generic.ObjectListView):
    pass


@register_model_view(Rack)
class RackView(generic.ObjectView):
    pass

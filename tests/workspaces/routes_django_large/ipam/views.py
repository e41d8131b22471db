from core.views import generic
from utilities.views import register_model_view

from .models import VLAN, Prefix


@register_model_view(Prefix, "list", path="", detail=False)
class PrefixListView(generic.ObjectListView):
    pass


@register_model_view(Prefix)
class PrefixView(generic.ObjectView):
    pass


@register_model_view(Prefix, "edit")
class PrefixEditView(generic.ObjectEditView):
    pass


@register_model_view(VLAN, "list", path="", detail=False)
class VLANListView(generic.ObjectListView):
    pass


@register_model_view(VLAN)
class VLANView(generic.ObjectView):
    pass

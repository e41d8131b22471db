from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from core.views.generic import ObjectListView, ObjectView


class TenantListView(ObjectListView):
    pass


class TenantView(ObjectView):
    pass


@login_required
@require_POST
def tenant_contact(request, pk):
    return HttpResponse("ok")

from django.http import HttpResponse
from django.views.decorators.http import require_GET, require_http_methods


@require_GET
def home(request):
    return HttpResponse("home")


@require_http_methods(["GET", "POST"])
def search(request):
    return HttpResponse("search")

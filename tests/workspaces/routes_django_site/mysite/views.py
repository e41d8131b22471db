from django.http import HttpResponse
from django.views import View
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return HttpResponse("home")


def robots(request):
    return HttpResponse("User-agent: *")


class BaseJSONView(View):
    def get(self, request, *args, **kwargs):
        return HttpResponse("{}")


class AboutView(BaseJSONView):
    def post(self, request):
        return HttpResponse("thanks")


class PingView(View):
    http_method_names = ["get", "head", "options"]

    def get(self, request):
        return HttpResponse("pong")

    def post(self, request):  # not in http_method_names: never served
        return HttpResponse("no")

    def options(self, request, *args, **kwargs):
        return HttpResponse("GET")


def healthz(request):
    return HttpResponse("ok")

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import user_passes_test
from django.http import HttpResponse
from django.views import View


def catalogue(request):
    return HttpResponse("catalogue")


def product(request, slug):
    return HttpResponse(slug)


@staff_member_required
def stock(request):
    return HttpResponse("stock")


def is_buyer(user):
    return user.groups.filter(name="buyers").exists()


class CartView(View):
    def get(self, request):
        return HttpResponse("cart")

    def put(self, request):
        return HttpResponse("updated")

    def delete(self, request):
        return HttpResponse("emptied")


checkout = user_passes_test(is_buyer)(CartView.as_view())

from django.http import HttpResponse


def post_detail(request, pk: int) -> HttpResponse:
    return HttpResponse(str(pk))

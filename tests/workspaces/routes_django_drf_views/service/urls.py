from django.urls import include, path

urlpatterns = [
    path("shop/", include("orders.urls")),
    path("tutorial/", include("orders.tutorial_urls")),
]

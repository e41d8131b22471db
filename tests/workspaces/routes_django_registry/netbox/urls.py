from django.urls import include, path

urlpatterns = [
    path("dcim/", include("dcim.urls")),
]

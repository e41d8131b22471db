from django.urls import include, path

urlpatterns = [
    path("dcim/", include("dcim.api.urls")),
    path("ipam/", include("ipam.api.urls")),
    path("tenancy/", include("tenancy.api.urls")),
]

from django.urls import include, path

urlpatterns = [
    path("api/dcim/", include("inventory.urls")),
    path("api/catalog/", include("inventory.catalog_urls")),
    path("api/plain/", include("inventory.catalog_urls")),
    path("api/custom/", include("inventory.custom_urls")),
]

from django.urls import include, path

from utilities.urls import get_model_urls

from . import views  # noqa: F401  (registers the views)

app_name = "dcim"
urlpatterns = [
    path("sites/", include(get_model_urls("dcim", "site", detail=False))),
    path("sites/<int:pk>/", include(get_model_urls("dcim", "site"))),
    path("regions/", include(get_model_urls("dcim", "region", detail=False))),
    path("regions/<int:pk>/", include(get_model_urls("dcim", "region"))),
    path("racks/", include(get_model_urls("dcim", "rack", detail=False))),
]

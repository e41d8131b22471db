from django.urls import include, path

from utilities.urls import get_model_urls, model_urls

from . import views  # noqa: F401 (registers the model views)

app_name = "dcim"
urlpatterns = [
    path("sites/", include(get_model_urls("dcim", "site", detail=False))),
    path("sites/<int:pk>/", include(get_model_urls("dcim", "site"))),
    path("devices/", include(get_model_urls("dcim", "device", detail=False))),
    path("devices/<int:pk>/", include(get_model_urls("dcim", "device"))),
] + model_urls("dcim", "rack")

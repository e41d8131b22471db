from django.urls import include, path

from utilities.urls import get_model_urls

from . import views  # noqa: F401

app_name = "ipam"
urlpatterns = []
for model in ("prefix", "vlan"):
    urlpatterns.append(path(f"{model}es/", include(get_model_urls("ipam", model, detail=False))))

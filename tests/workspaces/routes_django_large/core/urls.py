from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from graphene_django.views import GraphQLView

from core import views
from users.views import TokenProvisionView

_patterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    # apps
    path("dcim/", include("dcim.urls")),
    path("ipam/", include("ipam.urls")),
    path("tenancy/", include("tenancy.urls")),
    # API
    path("api/", include("core.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema")),
    path("api/users/tokens/provision/", TokenProvisionView.as_view()),
    path("graphql/", csrf_exempt(GraphQLView.as_view())),
    # accounts
    path("login/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]

BASE_PATH = ""
urlpatterns = [path(BASE_PATH, include(_patterns))]

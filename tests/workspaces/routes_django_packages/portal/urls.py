"""URLconfs and views of installed packages, routed by the project."""

from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views import static
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerOauthRedirectView,
    SpectacularSwaggerView,
)
from rest_framework.routers import SimpleRouter

from notes.views import NotesRedocView, NoteViewSet
from portal.admin_site import staff_site

router = SimpleRouter()
router.register("notes", NoteViewSet, basename="note")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("staff-admin/", staff_site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/", include(auth_urls)),
    path("api-auth/", include("rest_framework.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema")),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema")),
    path("api/oauth2-redirect/", SpectacularSwaggerOauthRedirectView.as_view()),
    re_path(r"^media/(?P<path>.*)$", static.serve, {"document_root": "/tmp"}),
    path("api/notes-redoc/", NotesRedocView.as_view(url_name="schema")),
    # a lambda view answers every method
    path("robots.txt", lambda request: HttpResponse("User-agent: *", content_type="text/plain")),
]

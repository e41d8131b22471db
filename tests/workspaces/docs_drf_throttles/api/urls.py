from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("reports", views.ReportViewSet, basename="report")

urlpatterns = [
    path("status/", views.StatusView.as_view()),
    path("uploads/", views.UploadView.as_view()),
    path("search/", views.SearchView.as_view()),
    path("open/", views.OpenView.as_view()),
    path("ping/", views.ping),
    path("health/", views.health),
    *router.urls,
]

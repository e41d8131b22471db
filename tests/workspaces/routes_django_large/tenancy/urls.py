from django.urls import path, re_path

from . import views


def crud(prefix, list_view, detail_view):
    """A project helper building a list of paths."""
    return [
        path(f"{prefix}/", list_view.as_view()),
        path(f"{prefix}/<int:pk>/", detail_view.as_view()),
    ]


urlpatterns = crud("tenants", views.TenantListView, views.TenantView) + [
    re_path(r"^tenants/(?P<pk>\d+)/contact/$", views.tenant_contact),
]

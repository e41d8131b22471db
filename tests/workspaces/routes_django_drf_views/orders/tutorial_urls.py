"""The DRF tutorial's shape: the list first, then wrapped in place."""

from django.urls import path
from rest_framework.urlpatterns import format_suffix_patterns

from orders import views

urlpatterns = [
    path("snippets/", views.version),
    path("snippets/<int:pk>/", views.ping),
]

urlpatterns = format_suffix_patterns(urlpatterns)

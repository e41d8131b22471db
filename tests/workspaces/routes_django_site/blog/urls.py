from django.urls import path, re_path

from . import views

app_name = "blog"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.PostDetail.as_view(), name="detail"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("new/", views.PostCreate.as_view(), name="create"),
    path("<int:pk>/edit/", views.PostUpdate.as_view(), name="update"),
    path("<int:pk>/delete/", views.PostDelete.as_view(), name="delete"),
    re_path(r"^publish/(?P<slug>[-\w]+)/$", views.publish, name="publish"),
    re_path(r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/?$", views.archive),
    path("list/", views.PostList.as_view(), name="list"),
    path("upload/", views.upload),
]

from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from blog import urls as blog_urls
from mysite import views

API = "api/"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("blog/", include("blog.urls", namespace="blog")),
    re_path(r"^shop/", include(("shop.urls", "shop"), namespace="shop")),
    path(API + "v1/", include(blog_urls)),
    path("ping/", views.PingView.as_view()),
    path("robots.txt", views.robots),
]

urlpatterns += [
    path("about/", views.AboutView.as_view(), name="about"),
    path("old-home/", RedirectView.as_view(url="/")),
    path("terms/", TemplateView.as_view(template_name="terms.html")),
]

# the list extended by reassignment, as projects add their debug URLs under ``if DEBUG:``
urlpatterns = [path("healthz/", views.healthz)] + urlpatterns

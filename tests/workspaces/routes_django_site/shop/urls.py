from django.urls import include, path, re_path

from shop import views

product_patterns = [
    re_path(r"^(?P<slug>[\w-]+)/$", views.product),
    path("stock/", views.stock),
]

urlpatterns = [
    path("", views.catalogue),
    path("products/", include(product_patterns)),
] + [
    path("cart/", views.CartView.as_view()),
    path("checkout/", views.checkout),
]

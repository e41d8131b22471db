from django.urls import path, re_path
from rest_framework.urlpatterns import format_suffix_patterns

from orders import views

urlpatterns = format_suffix_patterns(
    [
        path("orders/", views.OrderList.as_view()),
        path("orders/<int:pk>/", views.OrderDetail.as_view()),
        re_path(r"^refunds/(?:(?P<pk>\d+)/)?$", views.Refunds.as_view()),
    ]
)

urlpatterns += [
    path("health/", views.Health.as_view()),
    path("version/", views.version),
    path("cart/", views.cart),
    path("purge/<uuid:pk>/", views.purge),
    path("ping/", views.ping),
]

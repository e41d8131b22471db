from django.urls import path
from rest_framework.routers import SimpleRouter

from shop.views import CategoryViewSet, ContactView, ProductViewSet, ReviewList, TagViewSet

router = SimpleRouter()
router.register("products", ProductViewSet)
router.register("categories", CategoryViewSet)
router.register("tags", TagViewSet)

urlpatterns = [
    path("reviews/", ReviewList.as_view()),
    path("contact/", ContactView.as_view()),
    *router.urls,
]

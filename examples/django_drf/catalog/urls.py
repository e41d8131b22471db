from django.urls import include, path
from rest_framework.routers import DefaultRouter

from catalog import views

router = DefaultRouter()
router.register("authors", views.AuthorViewSet)
router.register("books", views.BookViewSet, basename="book")

app_name = "catalog"

urlpatterns = [
    path("", include(router.urls)),
    path("reports/authors/", views.author_report, name="author-report"),
    path("loans/create/", views.create_loan, name="loan-create"),
    path("loans/<int:loan_id>/return/", views.return_loan, name="loan-return"),
]

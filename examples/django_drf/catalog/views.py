import datetime

from django.db import connection
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.response import Response

from catalog.models import Author, Book, Loan
from catalog.serializers import AuthorSerializer, BookSerializer, LoanSerializer


class AuthorViewSet(viewsets.ModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer


class BookViewSet(viewsets.ModelViewSet):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    @action(detail=False, methods=["get"])
    def search(self, request):
        term = request.query_params.get("q", "")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM catalog_book WHERE title LIKE '%{term}%'")
            ids = [row[0] for row in cursor.fetchall()]
        books = Book.objects.filter(id__in=ids)
        return Response(self.get_serializer(books, many=True).data)

    @action(detail=True, methods=["post"])
    def borrow(self, request, pk=None):
        book = self.get_object()
        loan = Loan.objects.create(
            book=book, member=request.user, due=timezone.now().date() + datetime.timedelta(days=21)
        )
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)


@api_view(["GET"])
def author_report(request):
    report = []
    for author in Author.objects.all():
        books = Book.objects.filter(author=author)
        report.append({"author": author.name, "books": [b.title for b in books]})
    return Response(report)


@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def create_loan(request):
    serializer = LoanSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        loan = serializer.save(member=request.user)
    except Exception:
        print("could not save loan", request.data)
        return Response({"detail": "Could not create loan"}, status=status.HTTP_400_BAD_REQUEST)
    return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)


@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def return_loan(request, loan_id):
    loan = get_object_or_404(Loan, pk=loan_id, member=request.user)
    loan.returned_at = timezone.now()
    loan.save(update_fields=["returned_at"])
    return Response(LoanSerializer(loan).data)

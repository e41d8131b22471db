from rest_framework import serializers

from catalog.models import Author, Book, Loan


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name", "born"]


class BookSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    available = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "isbn", "author", "author_name", "published", "copies", "available"]

    def get_available(self, book):
        return book.copies - book.loans.filter(returned_at__isnull=True).count()


class LoanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Loan
        fields = ["id", "book", "member", "borrowed_at", "due", "returned_at"]
        read_only_fields = ["member", "borrowed_at", "returned_at"]

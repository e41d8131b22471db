from rest_framework import serializers

from shop.models import Category, Product, Review, Tag


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = "__all__"


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent"]


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = Review
        exclude = ["product"]
        extra_kwargs = {"author_email": {"write_only": True}}


class ProductSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)
    category_id = serializers.PrimaryKeyRelatedField(
        source="category", queryset=Category.objects.all(), write_only=True, allow_null=True
    )
    tags = TagSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    rating = serializers.SerializerMethodField()
    note = serializers.CharField(required=False, allow_null=True, max_length=200)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "description",
            "price",
            "stock",
            "category",
            "category_id",
            "tags",
            "reviews",
            "released",
            "sku",
            "created",
            "active",
            "rating",
            "note",
        ]
        read_only_fields = ["stock"]

    def get_rating(self, product):
        return 0


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80)
    email = serializers.EmailField()
    order = serializers.IntegerField(required=False)
    urgent = serializers.BooleanField(default=False)
    sent = serializers.DateTimeField(read_only=True)


class ReceiptSerializer(serializers.Serializer):
    ticket = serializers.UUIDField()
    queued = serializers.BooleanField()

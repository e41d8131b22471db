from rest_framework import serializers

from .models import Category, Order, Product


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent"]


class ProductSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)
    discount = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    label = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ("sku", "title", "description", "price", "category", "discount", "label", "created")
        read_only_fields = ["sku"]

    def get_label(self, obj):
        return obj.title


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = "__all__"
        extra_kwargs = {"quantity": {"required": True}}


class ContactSerializer(serializers.Serializer):
    email = serializers.EmailField()
    subject = serializers.CharField(max_length=80, default="Hello")
    message = serializers.CharField()
    products = ProductSerializer(many=True, required=False)

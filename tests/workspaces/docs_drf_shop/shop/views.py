from drf_spectacular.utils import extend_schema
from rest_framework import generics, pagination, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.models import Category, Product, Review, Tag
from shop.serializers import (
    CategorySerializer,
    ContactSerializer,
    ProductSerializer,
    ReceiptSerializer,
    ReviewSerializer,
    TagSerializer,
)


class LargePages(pagination.PageNumberPagination):
    page_size = 100
    page_size_query_param = "size"


class ProductViewSet(viewsets.ModelViewSet):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    pagination_class = LargePages

    @action(detail=True, methods=["post"])
    def restock(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    pagination_class = pagination.LimitOffsetPagination


class TagViewSet(viewsets.ModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    pagination_class = None


class ReviewList(generics.ListCreateAPIView):
    queryset = Review.objects.all()
    serializer_class = ReviewSerializer


class ContactView(APIView):
    @extend_schema(request=ContactSerializer, responses={202: ReceiptSerializer})
    def post(self, request):
        return Response({"ticket": "x", "queued": True}, status=202)

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from rest_framework import generics, permissions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.models import Order
from orders.serializers import OrderSerializer

OWNER_ONLY = [permissions.IsAuthenticated]


class OrderList(generics.ListCreateAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = OWNER_ONLY


class OrderDetail(generics.RetrieveUpdateDestroyAPIView):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class BaseAPI(APIView):
    authentication_classes = [TokenAuthentication]

    def get(self, request):
        return Response({})


class Refunds(BaseAPI):
    permission_classes = [permissions.IsAuthenticated & permissions.DjangoModelPermissions]

    def post(self, request):
        return Response({})

    def delete(self, request, pk=None):
        return Response({})


class Health(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        return Response({"ok": True})

    def options(self, request, *args, **kwargs):
        return Response({"methods": ["GET"]})


@api_view()
def version(request):
    return Response({"version": 1})


@api_view(["GET", "POST"])
@authentication_classes([SessionAuthentication])
@permission_classes([permissions.IsAuthenticated])
def cart(request):
    return Response({})


@api_view(http_method_names=["DELETE"])
@permission_classes([])
def purge(request, pk):
    return Response(status=204)


@login_not_required
def ping(request):
    return JsonResponse({"pong": True})

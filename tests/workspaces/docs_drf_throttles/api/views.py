"""Throttles: the defaults from settings, a view's own ``throttle_classes``, ``throttle_scope``
with ``ScopedRateThrottle``, subclasses with their own ``scope`` or ``rate``, an ``@action``'s
``throttle_classes``, ``@throttle_classes`` on a function view, and none at all."""

from rest_framework import viewsets
from rest_framework.decorators import action, api_view, throttle_classes
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from .throttles import BurstRateThrottle, FixedRateThrottle


class StatusView(APIView):
    """The defaults: anon and user, with the rates from settings."""

    def get(self, request):
        return Response({})


class UploadView(APIView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "uploads"

    def post(self, request):
        return Response({})


class SearchView(APIView):
    throttle_classes = (BurstRateThrottle, AnonRateThrottle)

    def get(self, request):
        return Response({})


class OpenView(APIView):
    throttle_classes = []

    def get(self, request):
        return Response({})


class ReportViewSet(viewsets.ViewSet):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "reports"

    def list(self, request):
        return Response([])

    @action(detail=False, methods=["post"], throttle_classes=[FixedRateThrottle])
    def rebuild(self, request):
        return Response({})


@api_view(["GET"])
@throttle_classes([FixedRateThrottle, BurstRateThrottle])
def ping(request):
    return Response({})


@api_view(["GET"])
def health(request):
    return Response({})

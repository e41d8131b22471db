from django.views.generic.edit import ProcessFormView
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.response import Response

from library.models import Book, Shelf
from library.serializers import BookSerializer, ShelfSerializer


class BookViewSet(viewsets.ModelViewSet):
    queryset = Book.objects.all()
    serializer_class = BookSerializer
    lookup_field = "isbn"
    lookup_value_regex = "[0-9]{13}"

    @action(detail=False, methods=["get"], url_path="recent-additions")
    def recent(self, request):
        return Response([])

    @action(detail=True, methods=["post", "delete"], permission_classes=[IsAdminUser])
    def reserve(self, request, isbn=None):
        return Response({})

    @action(detail=True)
    def cover(self, request, isbn=None):
        return Response({})

    @cover.mapping.put
    def replace_cover(self, request, isbn=None):
        return Response({})


class ShelfViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Shelf.objects.all()
    serializer_class = ShelfSerializer
    permission_classes = [AllowAny]
    lookup_url_kwarg = "shelf_id"


class BaseReadWrite(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = (permissions.IsAuthenticatedOrReadOnly,)


class ReviewViewSet(BaseReadWrite, mixins.DestroyModelMixin):
    queryset = Book.objects.all()
    serializer_class = BookSerializer


class StatsViewSet(viewsets.ViewSet):
    authentication_classes = []
    permission_classes = []

    def list(self, request):
        return Response({})

    def retrieve(self, request, pk=None):
        return Response({})

    @action(detail=False, methods=["get"])
    def summary(self, request):
        return Response({})


class ExportViewSet(viewsets.GenericViewSet):
    queryset = Book.objects.all()
    serializer_class = BookSerializer

    def list(self, request):
        return Response([])

    def export(self, request):
        return Response([])


class FormViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet, ProcessFormView
):
    """Also Django's form view: APIView.dispatch answers ProcessFormView's post and put on
    every route (the actions only add their bindings), and TRACE by the action named trace."""

    queryset = Book.objects.all()
    serializer_class = BookSerializer

    @action(detail=True)
    def trace(self, request, pk=None):
        return Response({})


class NarrowFormViewSet(FormViewSet):
    # dispatch serves none of the others: no PUT, TRACE or OPTIONS
    http_method_names = ["get", "post", "head"]


class GetterViewSet(viewsets.ViewSet):
    """Its own get answers GET on the create route too, without HEAD (ViewSetMixin's view
    skips View.setup, which would set head = get)."""

    authentication_classes = []
    permission_classes = []

    def get(self, request, *args, **kwargs):
        return Response({})

    def create(self, request):
        return Response({})

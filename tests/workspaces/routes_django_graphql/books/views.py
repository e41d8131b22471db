from django.contrib.auth.decorators import login_required
from django.utils.decorators import method_decorator
from strawberry.django.views import GraphQLView


class PrivateGraphQLView(GraphQLView):
    """Only overrides dispatch: still serves GET and POST."""

    @method_decorator(login_required)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

"""Django and Django REST framework route discovery.

The URL tree is read the way Django's resolver builds it: from each settings module's
``ROOT_URLCONF`` (or a ``urls.py`` next to a ``settings.py``), through ``urlpatterns`` (also
``+=`` and ``[...] + [...]``), ``path``/``re_path`` and ``include()`` chains (module strings,
imported modules, lists, ``(patterns, app_name)`` tuples), to function views, class-based views
(``.as_view()``) and DRF routers (``router.register`` + ``router.urls``).

Beyond literal lists: URL lists a project function returns (followed by the bounded evaluator,
``evaluation.py``, after the project's decorators filled the registries they read: NetBox's
``get_model_urls``), ``urlpatterns.append`` in loops over constants, DRF router classes that
change their routes (``router_shapes.py``) or choose them per viewset
(``router_overrides.py``), the admin sites and the models registered with them
(``admin_site.py``, ``admin_defaults.py``), urlconfs and views of installed packages read from
site-packages (``include("django.contrib.auth.urls")``, a schema view), and the GraphQL
endpoint of graphene-django or Strawberry (``graphql_views.py``).

Paths: route converters ``<int:pk>`` and regex groups ``(?P<pk>...)`` become ``{pk}``; a regex is
reduced as ``django.utils.regex_helper.normalize`` does (anchors dropped, optional parts left
out), so the result is what ``reverse()`` would give.

Methods: a function view without ``require_http_methods`` & co answers every method and is
reported as ``("ANY",)``. A class-based view serves the handlers it defines or inherits (Django's
and DRF's generic views from the tables below), within ``http_method_names``; a viewset
route the verbs its actions map; ``@api_view`` its list. What the frameworks answer by
themselves is ``Route.automatic``: HEAD beside GET (``View.setup``'s ``head = get``, the head a
viewset's ``as_view`` maps; not under ``@api_view``, which allows only its list and options) and
OPTIONS (``View.options``; DRF's not under ``metadata_class = None``), and on a viewset's
routes every method its class has an attribute for (``APIView.dispatch`` getattr's it, the
actions only add their bindings: a ``post`` inherited from Django's ``FormView``, an action
named ``trace``). A project's own ``head``/``options`` handler, ``require_safe``'s HEAD, are
``methods``. A view class's handlers are looked up through the installed packages' classes
it inherits too (read from site-packages); a ``lambda`` view answers every method.

Auth: decorators (``login_required``, ``permission_required``, ``user_passes_test``,
``staff_member_required``, project decorators by name), mixins (``LoginRequiredMixin``, ...),
``method_decorator``, DRF ``permission_classes``/``authentication_classes`` (class, decorator,
``@action``) over the ``REST_FRAMEWORK`` defaults (level "settings"), and login-requiring
middleware in ``MIDDLEWARE`` (level "middleware"). ``AllowAny`` is a ``public`` entry.
"""

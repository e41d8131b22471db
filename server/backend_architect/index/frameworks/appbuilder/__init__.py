"""Flask-AppBuilder route discovery: the ``@expose`` methods of view and API classes (FAB's
``BaseView`` and ``BaseApi``, through the project's own base classes too), under each class's
``route_base``; the endpoints a class inherits from FAB itself (``ModelView``'s list/show/add,
``ModelRestApi``'s CRUD) filtered by ``include_route_methods``/``exclude_route_methods``; and
reachability by ``appbuilder.add_view``/``add_view_no_menu``/``add_api``, the index view
(``AppBuilder(indexview=...)`` or ``appbuilder.indexview = ...``) and the views and APIs the
security manager's class attributes name (``security.py``); and the views, APIs and static
files FAB registers itself where an AppBuilder is initialised, as generated routes
(``builtin.py``).

Everything is read from the source: FAB's own classes are described by :data:`FAB_CLASSES`,
taken from flask-appbuilder 5.3's source (``baseviews.py``, ``views.py``, ``api/__init__.py``,
``security/views.py``, ``charts/views.py``)."""

from .extensions import appbuilder, db


class AppInitializer:
    def __init__(self, app):
        self.app = app
        self.config = app.config

    def init_views(self):
        from .health import health_blueprint, version
        from .security import ProjectSecurityManager
        from .views import HomeIndexView

        self.app.register_blueprint(health_blueprint)
        self.app.add_url_rule("/version", "version", version)
        appbuilder.indexview = HomeIndexView
        appbuilder.security_manager_class = ProjectSecurityManager
        with self.app.app_context():
            appbuilder.init_app(self.app, db.session)
        Extra().init_app(self.app)


class Extra:
    """An extension that keeps the app it is given by ``init_app``."""

    def init_app(self, app):
        self.flask_app = app
        self.register()

    def register(self):
        from .health import ready

        self.flask_app.add_url_rule("/ready", view_func=ready)

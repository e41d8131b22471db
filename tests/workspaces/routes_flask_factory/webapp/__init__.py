from flask import Flask

from webapp.views.misc import ItemsView, ping


def register_admin(app: Flask) -> None:
    from webapp.admin import admin

    app.register_blueprint(admin, url_prefix="/backoffice")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(config or {})

    from webapp.api import api_bp
    from webapp.views import pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(pages.bp, url_prefix="/fr", name="pages_fr")
    app.register_blueprint(api_bp)
    register_admin(app)

    app.add_url_rule("/ping", "ping", ping)
    app.add_url_rule("/items/", view_func=ItemsView.as_view("items"))

    @app.route("/")
    def index() -> str:
        return "home"

    return app

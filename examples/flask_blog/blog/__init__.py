from flask import Flask

from blog.config import Config
from blog.db import init_db


def create_app(config_object=Config):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_object)
    app.config.from_prefixed_env()

    init_db(app)

    from blog import admin, api, auth, posts

    app.register_blueprint(auth.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp, url_prefix="/dashboard")

    app.add_url_rule("/", endpoint="index")

    @app.route("/healthz")
    def healthz():
        return {"status": "ok"}

    return app

from flask import Flask

from .extensions import db
from .initialization import AppInitializer


def create_app():
    app = Flask(__name__)
    app.config.from_object("deepapp.config")
    db.init_app(app)
    initializer = app.config.get("APP_INITIALIZER", AppInitializer)(app)
    initializer.init_views()
    return app


app = create_app()

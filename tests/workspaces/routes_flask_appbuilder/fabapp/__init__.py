"""A small Flask-AppBuilder app: views, a form, REST APIs, a project base class."""

from flask import Flask
from flask_appbuilder import AppBuilder
from flask_appbuilder.models.sqla.base import SQLA

from .views import HomeView, init_views

app = Flask(__name__)
app.config.from_object("fabapp.config")
db = SQLA(app)

with app.app_context():
    appbuilder = AppBuilder(app, db.session, indexview=HomeView)
    db.create_all()
    init_views(appbuilder)

"""The project's own bases: every API gets a health check, every model view the same options."""

from flask_appbuilder import ModelView
from flask_appbuilder.api import BaseApi, expose
from flask_appbuilder.security.decorators import protect


class ProjectApi(BaseApi):
    version = "v2"

    @expose("/_health", methods=["GET"])
    @protect()
    def health(self):
        return self.response(200, status="ok")


class ProjectModelView(ModelView):
    list_columns = ["name", "email"]
    page_size = 20

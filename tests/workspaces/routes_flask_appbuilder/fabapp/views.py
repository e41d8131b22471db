from flask_appbuilder import BaseView, IndexView, ModelRestApi, SimpleFormView, expose, has_access
from flask_appbuilder.forms import DynamicForm
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access_api, permission_name, protect
from wtforms import StringField

from .base import ProjectApi, ProjectModelView
from .constants import RouteMethod
from .models import Contact


class HomeView(IndexView):
    index_template = "appbuilder/index.html"

    @expose("/about")
    def about(self):
        return "about"


class ContactModelView(ProjectModelView):
    datamodel = SQLAInterface(Contact)
    route_base = "/contacts"
    include_route_methods = RouteMethod.READ_SET | {"add", "summary"}

    @expose("/summary/<int:contact_id>")
    @has_access
    def summary(self, contact_id: int):
        return f"contact {contact_id}"


class ArchivedContactView(ProjectModelView):
    """Read-only: ``add`` is replaced by a method that is not exposed, so FAB serves no /add."""

    datamodel = SQLAInterface(Contact)
    exclude_route_methods = {RouteMethod.DELETE, "download", "action", "action_post"}

    def add(self):
        return "archived contacts are read-only"


class ReportView(BaseView):
    default_view = "index"

    @expose("/")
    def index(self):
        return "reports"

    @expose("/daily/", methods=["GET", "POST"])
    @has_access
    def daily(self):
        return "daily"

    @expose("/weekly/")
    @expose("/weekly/<int:week>")
    @has_access
    def weekly(self, week: int = 0):
        return f"week {week}"

    @expose("/stats.json")
    @has_access_api
    def stats(self):
        return {"reports": 3}


class FeedbackForm(DynamicForm):
    message = StringField("Message")


class FeedbackFormView(SimpleFormView):
    route_base = "/feedback"
    form = FeedbackForm
    form_title = "Send feedback"

    def form_post(self, form):
        pass


class GreetingApi(ProjectApi):
    resource_name = "greeting"

    @expose("/hello", methods=["GET"])
    @protect()
    @permission_name("read")
    def hello(self):
        return self.response(200, message="hello")

    @expose("/shout/<string:word>", methods=["POST", "PUT"])
    def shout(self, word: str):
        return self.response(200, message=word.upper())


class ContactApi(ModelRestApi):
    datamodel = SQLAInterface(Contact)
    resource_name = "Contacts"
    exclude_route_methods = {"put", "delete"}

    @expose("/<int:pk>/export", methods=["POST"])
    @protect()
    def export(self, pk: int):
        return self.response(200, id=pk)


class DraftView(BaseView):
    """Never registered: its routes exist in the code but no app serves them."""

    @expose("/draft/")
    @has_access
    def draft(self):
        return "draft"


def init_views(appbuilder):
    appbuilder.add_view(ContactModelView, "Contacts", category="Contacts")
    appbuilder.add_view(ArchivedContactView, "Archived", category="Contacts")
    appbuilder.add_view_no_menu(ReportView)
    appbuilder.add_view_no_menu(FeedbackFormView())
    appbuilder.add_api(GreetingApi)
    appbuilder.add_api(ContactApi)

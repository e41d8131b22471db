from flask import redirect
from flask_appbuilder import IndexView, expose


class HomeIndexView(IndexView):
    @expose("/")
    def index(self):
        return redirect("/welcome")

    @expose("/lang/<string:locale>")
    def locale(self, locale):
        return redirect("/")

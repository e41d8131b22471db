from flask import Blueprint
from flask.views import View

bp = Blueprint("v2", __name__, url_prefix="/v2")


class Report(View):
    methods = ["GET", "POST"]

    def dispatch_request(self) -> str:
        return "report"


class Plain(View):
    def dispatch_request(self) -> str:
        return "plain"


bp.add_url_rule("/report", view_func=Report.as_view("report"))
bp.add_url_rule("/plain", view_func=Plain.as_view("plain"))

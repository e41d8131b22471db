from flask import Blueprint

accounts = Blueprint("accounts", __name__, url_prefix="/ignored-because-overridden")


@accounts.route("")
def index():
    return "accounts"


@accounts.route("/<int:account_id>/")
def detail(account_id):
    return str(account_id)


@accounts.patch("/<int:account_id>/owner")
def change_owner(account_id):
    return ""

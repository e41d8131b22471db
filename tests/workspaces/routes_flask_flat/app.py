from flask import Flask

from routes.accounts import accounts
from routes.settings import ACCOUNT_PREFIX, READ_WRITE

app = Flask(__name__)
app.register_blueprint(accounts, url_prefix=ACCOUNT_PREFIX)


@app.route("/status", methods=READ_WRITE, endpoint="status_page")
def status():
    return "ok"


@app.put("/config/<key>")
def set_config(key):
    return key

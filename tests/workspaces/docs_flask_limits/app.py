"""Flask-Limiter: default limits on every route without its own, a route's own limits (which
replace the defaults), a shared limit, an exempt route."""

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app, default_limits=["200 per day", "50 per hour"])


@app.route("/items")
def list_items():
    return []


@app.route("/items", methods=["POST"])
@limiter.limit("5/minute")
def create_item():
    return {}


@app.route("/login", methods=["POST"])
@limiter.limit("3 per minute")
@limiter.limit("20 per day")
def login():
    return {}


@app.route("/search")
@limiter.shared_limit("10/second", scope="search")
def search():
    return []


@app.route("/health")
@limiter.exempt
def health():
    return "ok"

from flask import Blueprint

v1 = Blueprint("v1", __name__, url_prefix="/v1")

from blog.api.v1 import comments, users  # noqa: E402,F401  (routes register on import)

from flask import Blueprint

from blog.api.v1 import v1

bp = Blueprint("api", __name__, url_prefix="/api")
bp.register_blueprint(v1)

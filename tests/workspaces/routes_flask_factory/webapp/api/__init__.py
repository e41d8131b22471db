import flask as fl

from webapp.api.v1 import v1_bp
from webapp.api.v2 import bp as v2

api_bp = fl.Blueprint("api", __name__, url_prefix="/api")
api_bp.register_blueprint(v1_bp)
api_bp.register_blueprint(v2, url_prefix="/v2beta")

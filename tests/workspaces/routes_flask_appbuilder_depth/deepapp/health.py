from flask import Blueprint

health_blueprint = Blueprint("health", __name__)


@health_blueprint.route("/health")
@health_blueprint.route("/ping")
def health():
    return "OK"


def version():
    return "1.0"


def ready():
    return "ready"

from quart import Blueprint

rooms_bp = Blueprint("rooms", __name__, url_prefix="/rooms")


@rooms_bp.route("/", methods=["GET", "POST"])
async def rooms():
    return []


@rooms_bp.route("/<room>/join", methods=["PUT"])
async def join(room: str):
    return {}

from flask import Blueprint, Flask

bp = Blueprint("shop", __name__, url_prefix="/shop")


@bp.route("/cart/<int:cart_id>")
def show_cart(cart_id: int) -> str:
    return str(cart_id)


@bp.post("/cart", endpoint="new_cart")
def create_cart() -> str:
    return "made"


app = Flask(__name__)
app.register_blueprint(bp)

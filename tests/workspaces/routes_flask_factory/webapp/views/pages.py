from flask import Blueprint as BP

bp = BP("pages", __name__)


@bp.route("/about")
def about() -> str:
    return "about"


@bp.get("/posts/<int:post_id>")
def post(post_id: int) -> str:
    return str(post_id)


@bp.route("/files/<path:subpath>")
def files(subpath: str) -> str:
    return subpath


@bp.route("/lang/<string(length=2):code>")
def lang(code: str) -> str:
    return code


@bp.route("/a")
@bp.route("/b", methods=["POST"])
def both() -> str:
    return "both"

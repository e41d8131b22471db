from flask import Blueprint, jsonify, render_template, request

from blog.auth import admin_required
from blog.db import db_session
from blog.models import Post, User

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.before_request
@admin_required
def guard():
    pass


@bp.get("/")
def dashboard():
    stats = {
        "users": db_session.query(User).count(),
        "posts": db_session.query(Post).count(),
    }
    return render_template("admin/dashboard.html", stats=stats)


@bp.route("/users")
def users():
    return render_template("admin/users.html", users=db_session.query(User).all())


@bp.post("/users/<int:user_id>/promote")
def promote(user_id):
    user = db_session.get(User, user_id)
    user.is_admin = True
    db_session.commit()
    print(f"user {user.username} promoted by admin from {request.remote_addr}")
    return jsonify({"id": user.id, "is_admin": True})

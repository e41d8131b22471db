from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from blog.db import db_session
from blog.models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.before_app_request
def load_logged_in_user():
    user_id = session.get("user_id")
    g.user = db_session.get(User, user_id) if user_id is not None else None


@bp.route("/register", methods=("GET", "POST"))
def register():
    if request.method == "POST":
        username = request.form["username"]
        user = User(
            username=username,
            email=request.form["email"],
            password_hash=generate_password_hash(request.form["password"]),
        )
        db_session.add(user)
        db_session.commit()
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html")


@bp.route("/login", methods=("GET", "POST"))
def login():
    if request.method == "POST":
        user = db_session.query(User).filter_by(username=request.form["username"]).first()
        if user is None or not check_password_hash(user.password_hash, request.form["password"]):
            flash("Incorrect username or password.")
            return render_template("auth/login.html"), 401
        session.clear()
        session["user_id"] = user.id
        return redirect(request.args.get("next") or url_for("posts.index"))
    return render_template("auth/login.html")


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("posts.index"))

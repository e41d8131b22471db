from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from sqlalchemy import text

from blog.auth import login_required
from blog.db import db_session
from blog.models import Comment, Post, User

bp = Blueprint("posts", __name__)


@bp.route("/")
def index():
    page = request.args.get("page", 1, type=int)
    per_page = current_app.config["POSTS_PER_PAGE"]
    posts = (
        db_session.query(Post)
        .filter_by(published=True)
        .order_by(Post.created.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
        .all()
    )
    authors = {}
    for post in posts:
        authors[post.id] = db_session.query(User).filter_by(id=post.author_id).first()
    return render_template("posts/index.html", posts=posts, authors=authors)


@bp.route("/search")
def search():
    term = request.args.get("q", "")
    sql = f"SELECT id, title, slug FROM post WHERE published = 1 AND title LIKE '%{term}%'"
    rows = db_session.execute(text(sql)).fetchall()
    return render_template("posts/search.html", rows=rows, term=term)


@bp.route("/posts/<int:post_id>")
def detail(post_id):
    post = db_session.get(Post, post_id) or abort(404)
    comments = db_session.query(Comment).filter_by(post_id=post.id).all()
    return render_template("posts/detail.html", post=post, comments=comments)


@bp.route("/posts/<slug>")
def by_slug(slug):
    post = db_session.query(Post).filter_by(slug=slug).first() or abort(404)
    return redirect(url_for("posts.detail", post_id=post.id))


@bp.route("/posts/new", methods=["GET", "POST"])
@login_required
def create():
    if request.method == "POST":
        post = Post(
            title=request.form["title"],
            slug=request.form["title"].lower().replace(" ", "-"),
            body=request.form["body"],
            author_id=g.user.id,
        )
        db_session.add(post)
        db_session.commit()
        return redirect(url_for("posts.detail", post_id=post.id))
    return render_template("posts/edit.html")


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id):
    post = db_session.get(Post, post_id) or abort(404)
    if post.author_id != g.user.id:
        abort(403)
    if request.method == "POST":
        post.title = request.form["title"]
        post.body = request.form["body"]
        db_session.commit()
        return redirect(url_for("posts.detail", post_id=post.id))
    return render_template("posts/edit.html", post=post)


@bp.route("/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete(post_id):
    post = db_session.get(Post, post_id) or abort(404)
    if post.author_id != g.user.id:
        abort(403)
    db_session.delete(post)
    db_session.commit()
    return redirect(url_for("posts.index"))

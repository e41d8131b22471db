import hashlib
from urllib.request import urlopen

from flask import abort, current_app, jsonify

from blog.api.v1 import v1
from blog.db import db_session
from blog.models import User


def user_json(user):
    return {"id": user.id, "username": user.username, "avatar": avatar_url(user.email)}


def avatar_url(email):
    digest = hashlib.md5(email.strip().lower().encode()).hexdigest()
    url = f"{current_app.config['GRAVATAR_URL']}/{digest}?d=404"
    try:
        with urlopen(url) as response:
            if response.status == 200:
                return url
    except:
        pass
    return None


def list_users():
    return jsonify([user_json(u) for u in db_session.query(User).order_by(User.username)])


def get_user(username):
    user = db_session.query(User).filter_by(username=username).first() or abort(404)
    return jsonify(user_json(user))


v1.add_url_rule("/users", view_func=list_users)
v1.add_url_rule("/users/<string:username>", "user", get_user)

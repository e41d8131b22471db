import os

import jwt
from flask import Flask, make_response

app = Flask(__name__)

DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
SECRET_KEY = os.environ["SECRET_KEY"]  # safe
SECRET_COOKIE_KEY = "c00kie-k3y-9f2a"  # due
JWT_SECRET_KEY = "my very secret jwt phrase"  # due
SESSION_COOKIE_SECURE = False  # due
CSRF_COOKIE_SECURE = False  # due
SESSION_COOKIE_HTTPONLY = True  # safe
VERIFY = False
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},  # due
    }
]

app.config["WTF_CSRF_ENABLED"] = False  # due
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # safe


def read_claims(token):
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"verify_signature": VERIFY})  # due


def read_claims_ok(token):
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])  # safe


def login(token):
    response = make_response("ok")
    response.set_cookie("session_id", token)  # due
    return response


def login_ok(token):
    response = make_response("ok")
    response.set_cookie("session_id", token, secure=True, httponly=True, samesite="Lax")  # safe
    return response


def change_password(user, new_password):
    user.set_password(new_password)
    return {"Password": "Updated."}  # safe


PASSWORD_HINT = "Use at least twelve characters."  # safe

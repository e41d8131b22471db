import sqlite3

from django.db import connection
from flask import request
from sqlalchemy import text

db = sqlite3.connect("app.db")


def find_user(name):
    cur = db.cursor()
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)  # due:users
    return cur.fetchall()


def find_user_safe(name):
    cur = db.cursor()
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))  # safe
    return cur.fetchall()


def users():
    return find_user(request.args["name"])  # due:users


def users_safe():
    return find_user_safe(request.args["name"])  # safe


def orders(request):
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM orders WHERE status = '{request.GET['s']}'")  # due
        return cur.fetchall()


def report(session):
    q = request.args.get("q")
    return session.execute(text("SELECT * FROM t WHERE x = '" + q + "'"))  # due


def report_bound(session):
    q = request.args.get("q")
    return session.execute(text("SELECT * FROM t WHERE x = :q"), {"q": q})  # safe


def wrapped(qs, Model):
    sql, params = qs.query.sql_with_params()
    return Model.objects.raw(f"SELECT * FROM ({sql}) AS sub", params)  # safe

from django.http import HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, render
from flask import Flask, abort, jsonify, request

app = Flask(__name__)


def admin_panel(request):
    if request.COOKIES.get("admin") == "true":  # due
        return render(request, "admin.html")
    return HttpResponseForbidden()


def staff_panel(request):
    if request.user.is_staff:  # safe
        return render(request, "staff.html")
    return HttpResponseForbidden()


@app.post("/users/<int:user_id>/delete")
def delete_user(user_id):
    body = request.get_json()
    role = body["role"]
    if role == "admin":  # due
        return jsonify(deleted=user_id)
    abort(403)


@app.get("/internal/metrics")
def metrics():
    if request.headers.get("X-Forwarded-For") != "127.0.0.1":  # due
        abort(403)
    return "up 1"


@app.get("/theme")
def theme():
    if request.cookies.get("theme") == "dark":  # safe
        return "dark"
    return "light"


@app.get("/users")
def users():
    role = request.args.get("role")
    rows = ["alice", "bob"]
    if role == "admin":  # safe
        rows = [r for r in rows if r == "alice"]
    return jsonify(rows)


def api_view(request):
    if request.headers.get("X-Api-Key") != load_key():  # safe
        return JsonResponse({}, status=401)
    return JsonResponse({"ok": True})


def load_key():
    return "k"

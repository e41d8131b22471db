import functools

from flask import abort, g, redirect, request, url_for


def login_required(view):
    @functools.wraps(view)
    def wrapped_view(*args, **kwargs):
        if g.get("user") is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped_view


def admin_required(view):
    @functools.wraps(view)
    def wrapped_view(*args, **kwargs):
        if g.get("user") is None or not g.user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapped_view

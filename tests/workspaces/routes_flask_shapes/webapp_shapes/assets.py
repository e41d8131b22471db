from flask import send_from_directory

ASSETS_ROOT = "assets"


def serve_asset(path):
    return send_from_directory(ASSETS_ROOT, path)


def register_assets(app, base_path="static-assets/"):
    """A plugin's files, served under the path it is given."""
    app.add_url_rule("/" + base_path + "<path:path>", view_func=serve_asset)


def probe():
    return "ok"


def register_probe(app, *, name):
    app.add_url_rule(f"/-/{name}", endpoint=name, view_func=probe, methods=["GET", "HEAD"])

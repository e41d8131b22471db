import os
from pathlib import Path

from flask import request, send_file, send_from_directory
from werkzeug.utils import secure_filename

UPLOADS = "/srv/uploads"


def read_doc(name):
    with open(os.path.join(UPLOADS, name)) as fh:  # due:doc
        return fh.read()


def download():
    return send_file(os.path.join(UPLOADS, request.args["f"]))  # due


def download_safe():
    return send_from_directory(UPLOADS, request.args["f"])  # safe


def doc():
    return read_doc(request.args["name"])  # due:doc


def upload():
    f = request.files["file"]
    f.save(os.path.join(UPLOADS, secure_filename(f.filename)))  # safe
    return "ok"


def delete(request):
    os.remove(Path(UPLOADS) / request.GET["name"])  # due

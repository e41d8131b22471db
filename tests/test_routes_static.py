"""The static files endpoint Flask and Quart add themselves, checked against the framework.

Each case is a small app written to a temporary workspace; a subprocess imports it and reads
its ``url_map``, every rule included (the ``static`` endpoints of the app and of blueprints
given a ``static_folder``), as (method, path, endpoint). The index, which never runs the code,
must find exactly that set; the near misses (``static_folder=None``, a blueprint without a
folder) serve no static endpoint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import (
    FLASK_PAIRS,
    LOAD_APP,
    assert_same_set,
    cold_index,
    framework_dump,
    modules_fixture,
    write_tree,
)

required_modules = modules_fixture("flask", "quart")

PROBE = (
    FLASK_PAIRS
    + LOAD_APP
    + r"""
found = set()
for rule in app.url_map.iter_rules():
    found |= {(m, p, rule.endpoint) for m, p in flask_pairs([rule])}
print(json.dumps(sorted(found)))
"""
)

VIEWS = """
@app.get("/")
def home():
    return "home"
"""
CASES = {
    "default": "from flask import Flask\napp = Flask(__name__)\n" + VIEWS,
    "folder-off": "from flask import Flask\napp = Flask(__name__, static_folder=None)\n" + VIEWS,
    "url-path": (
        "from flask import Flask\napp = Flask(__name__, static_url_path='/assets/')\n" + VIEWS
    ),
    "positional-url-path": "from flask import Flask\napp = Flask(__name__, '/s')\n" + VIEWS,
    "folder-name": (
        "from flask import Flask\napp = Flask(__name__, static_folder='web/public/')\n" + VIEWS
    ),
    "root": (
        "from flask import Flask\n"
        "app = Flask(__name__, static_url_path='', static_folder='files')\n" + VIEWS
    ),
    "static-host": (
        "from flask import Flask\n"
        "app = Flask(__name__, host_matching=True, static_host='cdn.example.com')\n"
        "@app.get('/', host='example.com')\n"
        "def home():\n"
        "    return 'home'\n"
    ),
    "blueprints": (
        "from flask import Blueprint, Flask\n"
        "app = Flask(__name__)\n"
        "admin = Blueprint('admin', __name__, static_folder='static', url_prefix='/admin')\n"
        "docs = Blueprint('docs', __name__, 'assets', static_url_path='/files')\n"
        "plain = Blueprint('plain', __name__, url_prefix='/plain')  # near miss: no folder\n"
        "off = Blueprint('off', __name__, static_folder=None, url_prefix='/off')\n"
        "@plain.get('/')\n"
        "def plain_home():\n"
        "    return ''\n"
        "app.register_blueprint(admin)\n"
        "app.register_blueprint(admin, name='admin2', url_prefix='/second')\n"
        "app.register_blueprint(docs, url_prefix='/docs')\n"
        "app.register_blueprint(plain)\n"
        "app.register_blueprint(off)\n" + VIEWS
    ),
    "quart": "from quart import Quart\napp = Quart(__name__)\n" + VIEWS,
    "quart-off": "from quart import Quart\napp = Quart(__name__, static_folder=None)\n" + VIEWS,
}


@pytest.mark.parametrize("case", list(CASES))
def test_static_endpoints_match_the_framework(tmp_path: Path, case: str) -> None:
    write_tree(tmp_path, {"app.py": CASES[case]})
    truth = {tuple(t) for t in framework_dump(PROBE, str(tmp_path), "app:app", cwd=tmp_path)}
    index = cold_index(tmp_path)
    found = {(m, r.path, r.name) for r in index.published_routes() for m in r.answers}
    assert_same_set(truth, found, minimum=1)
    statics = [r for r in index.routes if r.name and r.name.endswith("static")]
    assert all(r.generated and r.handler.endswith(".send_static_file") for r in statics)
    if case.endswith("off"):
        assert not statics

"""BA1xx quick fixes with their exact output, and the BA1xx decisions that depend on which file
is checked (settings modules, development settings, test files), which one fixture cannot show."""

from __future__ import annotations

import ast
import textwrap

import pytest
from backend_architect.config import Settings
from backend_architect.core.model import Finding
from backend_architect.core.parsing import parse_text
from backend_architect.index.project import ProjectIndex
from backend_architect.rules.engine import Engine
from rule_harness import apply_edits


def check(code: str, source: str, path: str = "/proj/app/module.py") -> list[Finding]:
    return Engine(Settings(select=[code])).check_parsed(parse_text(path, textwrap.dedent(source)))


def fix(code: str, source: str) -> str | None:
    """The source after the rule's one quick fix, or None when it offers none."""
    source = textwrap.dedent(source)
    findings = check(code, source)
    assert len(findings) == 1, findings
    if findings[0].fix is None:
        return None
    edits = [(e.span.start, e.span.end, e.text) for e in findings[0].fix.edits]
    fixed = apply_edits(source, edits)
    ast.parse(fixed)
    assert check(code, fixed) == []
    return fixed


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import yaml\nconfig = yaml.load(fh)\n",
            "import yaml\nconfig = yaml.safe_load(fh)\n",
        ),
        (
            "import yaml\nconfig = yaml.load(fh, Loader=yaml.Loader)\n",
            "import yaml\nconfig = yaml.safe_load(fh)\n",
        ),
        (
            "import yaml as y\nconfig = y.load(open(p), y.UnsafeLoader)\n",
            "import yaml as y\nconfig = y.safe_load(open(p))\n",
        ),
    ],
)
def test_ba107_safe_load(source: str, expected: str) -> None:
    assert fix("BA107", source) == expected


@pytest.mark.parametrize(
    "source",
    [
        # a bare ``load`` imported from yaml: ``safe_load`` is not imported; ``load_all``
        # returns a generator and is left to the developer
        "from yaml import load\nconfig = load(fh)\n",
        "import yaml\ndocs = yaml.load_all(fh)\n",
    ],
)
def test_ba107_no_fix_when_not_mechanical(source: str) -> None:
    assert fix("BA107", source) is None


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import requests\nr = requests.get(url)\n",
            "import requests\nr = requests.get(url, timeout=10)\n",
        ),
        (  # after the last argument, so a trailing comma stays valid
            "import requests\nr = requests.post(\n    url,\n    json=body,\n)\n",
            "import requests\nr = requests.post(\n    url,\n    json=body, timeout=10,\n)\n",
        ),
        (  # the module's own timeout constant
            "import requests\nHTTP_TIMEOUT = 5\nr = requests.get(url, headers=h)\n",
            "import requests\nHTTP_TIMEOUT = 5\nr = requests.get(url, headers=h, timeout=HTTP_TIMEOUT)\n",
        ),
        (
            "from urllib.request import urlopen\nbody = urlopen(url).read()\n",
            "from urllib.request import urlopen\nbody = urlopen(url, timeout=10).read()\n",
        ),
    ],
)
def test_ba111_timeout(source: str, expected: str) -> None:
    assert fix("BA111", source) == expected


def test_ba111_timeout_none_is_not_rewritten() -> None:
    # someone wrote timeout=None on purpose: say so, do not guess a number for them
    assert fix("BA111", "import requests\nr = requests.get(url, timeout=None)\n") is None


# --- which file is checked -------------------------------------------------------------------

SETTINGS = """\
DEBUG = True
ALLOWED_HOSTS = ["*"]
"""


@pytest.mark.parametrize(
    ("path", "fires"),
    [
        ("/proj/shop/settings.py", True),
        ("/proj/shop/settings/production.py", True),
        ("/proj/shop/settings/base.py", True),
        ("/proj/shop/settings/dev.py", False),
        ("/proj/shop/settings/local.py", False),
        ("/proj/shop/settings_test.py", False),
        ("/proj/shop/local_settings.py", False),
        ("/proj/shop/constants.py", False),  # not a settings module: DEBUG is just a name
    ],
)
def test_ba103_ba113_settings_modules(path: str, fires: bool) -> None:
    assert bool(check("BA103", SETTINGS, path)) == fires
    assert bool(check("BA113", SETTINGS, path)) == fires


@pytest.mark.parametrize(
    ("path", "fires"),
    [
        ("/proj/app/config.py", True),
        ("/proj/tests/test_login.py", False),
        ("/proj/tests/factories.py", False),
        ("/proj/app/conftest.py", False),
        ("/proj/app/test_auth.py", False),
    ],
)
def test_ba102_test_files_hold_fake_secrets(path: str, fires: bool) -> None:
    source = 'PASSWORD = "hunter2-fake"\nSECRET_KEY = "not-really-secret-123"\n'
    assert bool(check("BA102", source, path)) == fires


def test_ba102_project_under_a_tests_folder_is_still_checked(tmp_path) -> None:
    # a project checked out under ~/tests/ is not a test suite: the index knows the root
    root = tmp_path / "tests" / "shop"
    root.mkdir(parents=True)
    config = root / "config.py"
    config.write_text('SECRET_KEY = "k3y-4f9c2e1d7b"\n', encoding="utf-8")
    index = ProjectIndex(str(root))
    index.build([str(config)])
    parsed = index.parsed(str(config))
    assert parsed is not None
    findings = Engine(Settings(select=["BA102"])).check_parsed(parsed, index)
    assert [f.code for f in findings] == ["BA102"]


def test_ba114_any_function_of_a_views_module() -> None:
    source = """\
    def order_detail(order_id):
        try:
            return load(order_id)
        except Exception as e:
            return {"error": str(e)}
    """
    assert [f.code for f in check("BA114", source, "/proj/app/views.py")] == ["BA114"]
    assert check("BA114", source, "/proj/app/services.py") == []


def test_ba107_route_parameters_through_the_index(tmp_path) -> None:
    # a handler registered with add_api_route has no decorator: the index says it is a route
    app = tmp_path / "app.py"
    app.write_text(
        textwrap.dedent(
            """\
            from fastapi import FastAPI

            app = FastAPI()


            def calc(expression: str):
                return eval(expression)


            app.add_api_route("/calc", calc, methods=["POST"])
            """
        ),
        encoding="utf-8",
    )
    index = ProjectIndex(str(tmp_path))
    index.build([str(app)])
    parsed = index.parsed(str(app))
    assert parsed is not None
    assert index.routes_in(str(app)), "the index links add_api_route"
    with_index = Engine(Settings(select=["BA107"])).check_parsed(parsed, index)
    assert [(f.code, f.span.start.line) for f in with_index] == [("BA107", 6)]
    # without the index the same function is a plain function: nothing to say
    assert Engine(Settings(select=["BA107"])).check_parsed(parsed) == []

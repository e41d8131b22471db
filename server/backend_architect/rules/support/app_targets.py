"""What a container's server command names in the Python project beside its Dockerfile: the
module and application object (``app.main:app``), the paths it serves, the port it binds.

The build context is taken to be the Dockerfile's folder and the code to be copied to the
WORKDIR, as in almost every Python image; a module is looked for there, under ``src/`` and
under the folder a ``--chdir``/``--app-dir`` option names. Nothing is said when the index holds
no Python file in that folder (an image of another project, or a monorepo laid out otherwise).
"""

from __future__ import annotations

import os
import re

from ...core.model import Route
from ...index.project import ProjectIndex
from .servers import Server


def project_files_under(index: ProjectIndex, folder: str) -> list[str]:
    folder = os.path.abspath(folder) + os.sep
    return [p for p in index.files if p.startswith(folder)]


def module_file(index: ProjectIndex, folder: str, module: str, server: Server) -> str | None:
    """The file of ``module`` (dotted) in the build context, or None."""
    rel = module.replace(".", os.sep)
    bases = [folder, os.path.join(folder, "src")]
    for w, nxt in zip(server.words, server.words[1:], strict=False):
        if w.text in ("--chdir", "--app-dir"):
            bases.insert(0, os.path.join(folder, nxt.text.lstrip("/").split("/", 1)[-1]))
            bases.insert(0, os.path.join(folder, nxt.text.strip("/")))
    for base in bases:
        for candidate in (os.path.join(base, rel + ".py"), os.path.join(base, rel, "__init__.py")):
            if os.path.abspath(candidate) in index.files:
                return os.path.abspath(candidate)
    return None


def defines(index: ProjectIndex, path: str, name: str) -> bool:
    """Whether the module at ``path`` binds ``name`` at its top level (an assignment, a def, a
    class or an import)."""
    facts = index.facts(path)
    if facts is None:
        return True  # not readable now: say nothing rather than guess
    return (
        ("", name) in facts.assigns
        or name in facts.functions
        or name in facts.classes
        or name in facts.imports
    )


def split_target(program: str, target: str) -> tuple[str, str | None] | None:
    """(module, attribute) of a server's application argument; None for a file path or a
    factory call the rules do not follow."""
    if program == "fastapi":
        return None
    target = target.strip("'\"")
    module, _, written = target.partition(":")
    attr = re.sub(r"\(.*\)$", "", written) or None  # ``create_app()``: the factory's name
    if program == "flask" and module.endswith(".py"):
        module = module[:-3].replace("/", ".")
    if not re.fullmatch(r"[A-Za-z_][\w.]*", module) or (attr and not attr.isidentifier()):
        return None
    if attr is None and program == "gunicorn":
        attr = "application"
    if attr is None and program == "uvicorn":
        return None
    return module, attr


def serves(routes: list[Route], path: str) -> bool:
    """Whether a GET (or any-method) route answers ``path``."""
    wanted = path.split("?", 1)[0].rstrip("/") or "/"
    for r in routes:
        if not ({"GET", "ANY", "HEAD"} & set(r.methods)):
            continue
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(r.path.rstrip("/") or "/"))
        if re.fullmatch(pattern, wanted):
            return True
    return False


URL_RE = re.compile(
    r"https?://(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::(\d+))?(/[^\s'\"]*)?"
)

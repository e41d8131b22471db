"""The server a container runs, read from its command words: which program (uvicorn,
gunicorn, flask, fastapi, django's runserver, hypercorn, daphne, granian), the application it
names (``app.main:app``), the port it binds and whether it is a development server."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.dockerfile import Stage, Word
from .docker_images import command_words

SERVERS = frozenset(
    {"uvicorn", "gunicorn", "hypercorn", "daphne", "granian", "flask", "fastapi", "waitress-serve"}
)
DEFAULT_PORTS = {
    "uvicorn": 8000,
    "gunicorn": 8000,
    "hypercorn": 8000,
    "daphne": 8000,
    "granian": 8000,
    "flask": 5000,
    "fastapi": 8000,
    "runserver": 8000,
    "waitress-serve": 8080,
}
_BIND_RE = re.compile(r"^(?:[\w.\[\]:-]*:)?(\d+)$")


@dataclass(frozen=True)
class Server:
    program: str  # "uvicorn", "gunicorn", "flask", "fastapi", "runserver"
    words: tuple[Word, ...]  # from the program's word to the end of the command
    app: Word | None  # the word naming the application ("app.main:app", "app/main.py")
    port: int | None
    port_word: Word | None
    dev: Word | None  # the word that makes it a development server (--reload, run, dev)


def _program(word: str) -> str:
    return word.rsplit("/", 1)[-1]


def find_server(words: list[Word]) -> Server | None:
    """The server in a command (``python -m uvicorn``, ``sh -c "..."`` left aside)."""
    texts = [_program(w.text) for w in words]
    for i, name in enumerate(texts):
        if name in SERVERS or (name == "manage.py" and "runserver" in texts[i + 1 :]):
            return _read(name if name != "manage.py" else "runserver", tuple(words[i:]))
        if name == "-m" and i + 1 < len(texts) and texts[i + 1] in SERVERS:
            return _read(texts[i + 1], tuple(words[i + 1 :]))
    return None


def _read(program: str, words: tuple[Word, ...]) -> Server:
    app: Word | None = None
    port_word: Word | None = None
    dev: Word | None = None
    port: int | None = None
    args = list(words[1:])
    positional: list[Word] = []
    i = 0
    while i < len(args):
        w = args[i]
        if w.text.startswith("-"):
            opt, eq, inline = w.text.partition("=")
            taken = not eq and opt in _VALUED and i + 1 < len(args)
            vw = w if eq else (args[i + 1] if taken else None)
            val = inline if eq else (vw.text if vw is not None else "")
            if opt in ("--port", "-p") and val.isdigit():
                port, port_word = int(val), vw
            elif opt in ("--bind", "-b") and (m := _BIND_RE.match(val.split(",")[0])):
                port, port_word = int(m.group(1)), vw
            elif opt in ("--reload", "--debug"):
                dev = dev or w
            elif opt in ("--app", "-A"):
                app = vw
            i += 2 if taken else 1
            continue
        positional.append(w)
        i += 1
    names = [w.text for w in positional]
    if program == "flask":
        if "run" in names:
            dev = positional[names.index("run")]  # the Werkzeug development server
    elif program == "fastapi":
        if names and names[0] in ("dev", "run"):
            dev = positional[0] if names[0] == "dev" else dev
            app = positional[1] if len(positional) > 1 else app
    elif program == "runserver":
        if "runserver" in names:
            at = names.index("runserver")
            dev = positional[at]
            bind = positional[at + 1] if at + 1 < len(positional) else None
            if bind is not None and (m := _BIND_RE.match(bind.text)):
                port, port_word = int(m.group(1)), bind
    elif positional and app is None:
        app = positional[0]
    if port is None:
        port = DEFAULT_PORTS.get(program)
    return Server(program, words, app, port, port_word, dev)


# options that take a value (the value is not the app)
_VALUED = frozenset(
    [
        "--port",
        "-p",
        "--bind",
        "-b",
        "--host",
        "-h",
        "--workers",
        "-w",
        "--worker-class",
        "-k",
        "--app",
        "-A",
        "--log-level",
        "--timeout",
        "-t",
        "--root-path",
        "--env-file",
        "--proxy-headers",
        "--forwarded-allow-ips",
        "--threads",
        "--chdir",
        "--config",
        "-c",
        "--name",
        "-n",
        "--access-logfile",
        "--error-logfile",
        "--graceful-timeout",
        "--keep-alive",
        "--max-requests",
        "--interface",
        "--factory-name",
        "--settings",
    ]
)


def server_of(stage: Stage) -> Server | None:
    """The server the stage's ENTRYPOINT + CMD runs, shell form and ``sh -c`` included."""
    words = command_words(stage)
    return find_server(words)

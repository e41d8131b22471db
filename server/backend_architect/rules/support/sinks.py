"""The calls where request data does harm, by kind: the shell (BA108), code from data (BA107),
HTML (BA109), the file system (BA115), outbound URLs (BA116). The rules read their own sinks
here, and the helper summaries (``summaries.py``) find the same sinks inside project functions."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ...core.syntax import dotted_name
from ..scopes import FileScopes
from .ast_helpers import is_true, kwarg
from .http_clients import HTTPX_CALLS, REQUESTS_CALLS, URLOPEN

SHELL_ALWAYS = frozenset(
    {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
     "asyncio.create_subprocess_shell", "commands.getoutput"}
)  # fmt: skip
SUBPROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen"}
)  # fmt: skip
PICKLE_CALLS = frozenset(
    {"pickle.loads", "pickle.load", "cPickle.loads", "dill.loads", "dill.load", "marshal.loads",
     "marshal.load", "jsonpickle.decode", "shelve.open", "_pickle.loads"}
)  # fmt: skip
HTML_SINKS = {
    "django.utils.safestring.mark_safe": "mark_safe",
    "django.utils.html.mark_safe": "mark_safe",
    "django.utils.safestring.SafeString": "SafeString",
    "markupsafe.Markup": "Markup",
    "flask.Markup": "Markup",
    "jinja2.Markup": "Markup",
    "flask.render_template_string": "render_template_string",
    "fastapi.responses.HTMLResponse": "HTMLResponse",
    "starlette.responses.HTMLResponse": "HTMLResponse",
    "django.http.HttpResponse": "HttpResponse",
    "flask.make_response": "make_response",
    "aiohttp.web.Response": "web.Response",
    "jinja2.Template": "Template",
}
# responses that are HTML only when their content type says so (``HttpResponse`` by default)
TYPED_RESPONSES = {"HttpResponse": "content_type", "web.Response": "content_type"}
HTML_BY_DEFAULT = frozenset({"HttpResponse"})
# calls whose first argument (or ``path=``/``file=``) is a path the server opens or changes
PATH_CALLS = frozenset(
    {"open", "io.open", "os.open", "os.remove", "os.unlink", "os.rmdir", "os.removedirs",
     "os.rename", "os.replace", "shutil.rmtree", "shutil.copy", "shutil.copyfile",
     "shutil.copy2", "shutil.move", "flask.send_file", "flask.helpers.send_file",
     "starlette.responses.FileResponse", "fastapi.responses.FileResponse",
     "aiofiles.open", "anyio.open_file"}
)  # fmt: skip
# a function that compares the resolved path with its base, or joins through a safe join
PATH_CHECKS = frozenset(
    {"is_relative_to", "commonpath", "commonprefix", "safe_join", "secure_filename",
     "relative_to", "parents"}
)  # fmt: skip
HTTP_CALLS = (REQUESTS_CALLS | HTTPX_CALLS | URLOPEN) - {"httpx.Client", "httpx.AsyncClient"}
# a function that parses the URL and looks at its host has an allow-list to compare with
URL_CHECKS = frozenset({"hostname", "netloc"})

KIND_RULE = {"shell": "BA108", "code": "BA107", "html": "BA109", "path": "BA115", "url": "BA116"}


@dataclass(frozen=True)
class Sink:
    kind: str  # a key of KIND_RULE
    name: str  # the callee as the message names it
    arg: ast.expr  # what must not carry request data


def shell_command(call: ast.Call, name: str | None) -> ast.expr | None:
    """The command of a call that hands it to a shell, or None."""
    if name in SUBPROCESS_CALLS:
        shell = kwarg(call, "shell")
        if shell is None or not is_true(shell.value):
            return None
    elif name not in SHELL_ALWAYS:
        return None
    command = call.args[0] if call.args else None
    if command is None:
        found = kwarg(call, "args") or kwarg(call, "cmd") or kwarg(call, "command")
        command = found.value if found else None
    return None if command is None or isinstance(command, ast.Starred) else command


def html_content(call: ast.Call, sink: str) -> ast.expr | None:
    """The text an HTML sink sends or marks safe (``HttpResponse``'s only as HTML)."""
    content = call.args[0] if call.args else None
    if sink == "web.Response":
        content = content or next(
            (k.value for k in call.keywords if k.arg in ("text", "body")), None
        )
    if sink in TYPED_RESPONSES:
        ctype = kwarg(call, TYPED_RESPONSES[sink])
        if ctype is None and sink not in HTML_BY_DEFAULT:
            return None
        if ctype is not None and not (
            isinstance(ctype.value, ast.Constant) and "html" in str(ctype.value.value)
        ):
            return None
    return None if isinstance(content, ast.Starred) else content


def sink_of(call: ast.Call, scopes: FileScopes) -> Sink | None:
    """The sink a call is, with the argument request data must not reach."""
    func = call.func
    name = scopes.qualified(func)
    command = shell_command(call, name)
    if command is not None:
        return Sink("shell", name or "", command)
    if name in PICKLE_CALLS or (
        isinstance(func, ast.Name)
        and func.id in ("eval", "exec")
        and func.id not in scopes.imports
        and func.id not in scopes.functions
    ):
        arg = call.args[0] if call.args else None
        shown = name or (func.id if isinstance(func, ast.Name) else "")
        return Sink("code", shown, arg) if arg is not None else None
    html = HTML_SINKS.get(name or "")
    if html is not None and html not in ("Template", "render_template_string"):
        content = html_content(call, html)
        return Sink("html", html, content) if content is not None else None
    if name in HTTP_CALLS:
        index = 1 if name.endswith(".request") else 0
        url = call.args[index] if len(call.args) > index else None
        url = url or next((k.value for k in call.keywords if k.arg == "url"), None)
        return Sink("url", dotted_name(func) or name, url) if url is not None else None
    name = name or dotted_name(func)
    if name in PATH_CALLS and not (isinstance(func, ast.Name) and func.id in scopes.functions):
        path = call.args[0] if call.args else None
        return Sink("path", dotted_name(func) or name, path) if path is not None else None
    return None

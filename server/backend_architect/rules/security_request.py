"""BA1xx rules about what the client sends: deserialisation and eval, shell commands, HTML
built from request data, and exception text sent back."""

from __future__ import annotations

import ast
import re

from ..core.model import Edit, Fix, Severity
from ..index.facts import span_of
from ..index.symbols import dotted_name
from .file_context import FileContext
from .registry import Rule, RuleInfo, register
from .scopes import FileScopes
from .support.ast_helpers import is_true, kwarg, walk_names
from .support.flow import Flow
from .support.handlers import is_route_handler
from .support.request_data import RequestData

PICKLE_CALLS = frozenset(
    {"pickle.loads", "pickle.load", "cPickle.loads", "dill.loads", "marshal.loads",
     "jsonpickle.decode", "shelve.open"}
)  # fmt: skip
YAML_LOADS = frozenset({"yaml.load", "yaml.load_all"})
YAML_SAFE_LOADERS = frozenset(
    {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "FullLoader"}
)


@register
class UnsafeDeserialisation(Rule):
    info = RuleInfo(
        code="BA107",
        name="unsafe-deserialisation",
        summary="Request data reaches pickle, eval or exec, or yaml.load runs without a safe loader.",
        severity=Severity.ERROR,
        rationale=(
            "`pickle.loads`, `eval` and `exec` run whatever code the bytes describe: given request "
            "data they hand the server to the client (remote code execution). `yaml.load` with "
            "the default or full `Loader` builds arbitrary Python objects from tags in the "
            "document, so it is unsafe whatever the source; `yaml.safe_load` reads the same "
            "plain data. Parse client input with `json.loads`, a schema (pydantic) or "
            "`ast.literal_eval`."
        ),
        bad=(
            "import pickle\nimport yaml\nfrom flask import request\n\n"
            "data = pickle.loads(request.get_data())\nconfig = yaml.load(text)"
        ),
        good=(
            "import json\nimport yaml\nfrom flask import request\n\n"
            "data = json.loads(request.get_data())\nconfig = yaml.safe_load(text)"
        ),
        cwe=(502, 95),
        fixable=True,
    )
    node_types = (ast.Call,)
    call_qualified = YAML_LOADS | PICKLE_CALLS
    call_names = frozenset({"eval", "exec"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        data = ctx.scopes
        name = data.qualified(node.func)
        if name in YAML_LOADS:
            loader = kwarg(node, "Loader")
            loader_arg = loader.value if loader else (node.args[1] if len(node.args) > 1 else None)
            loader_name = dotted_name(loader_arg) if loader_arg is not None else None
            if loader_name is not None and loader_name.split(".")[-1] in YAML_SAFE_LOADERS:
                return
            if loader_arg is not None and loader_name is None:
                return  # a loader chosen at run time: cannot tell
            ctx.report(
                node,
                f"`{dotted_name(node.func)}` without a safe loader builds arbitrary objects, "
                "whatever the source of the text; use `yaml.safe_load`",
                _safe_load_fix(node, ctx, name),
            )
            return
        if name in PICKLE_CALLS or (
            isinstance(node.func, ast.Name)
            and node.func.id in ("eval", "exec")
            and node.func.id not in data.imports
            and node.func.id not in data.functions
        ):
            if not node.args:
                return
            source = RequestData(ctx).source(node.args[0], node)
            if source is not None:
                what = name or dotted_name(node.func)
                ctx.report(
                    node.args[0],
                    f"{source} reaches `{what}()`, which runs code from it; parse it as data "
                    "(json, a schema) instead",
                )


def _safe_load_fix(node: ast.Call, ctx: FileContext, name: str | None) -> Fix | None:
    """``yaml.load(x[, Loader=...])`` -> ``yaml.safe_load(x)`` when the module is named."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and len(node.args) >= 1 and name == "yaml.load"):
        return None
    if len(node.args) > 2 or any(k.arg != "Loader" for k in node.keywords):
        return None
    if isinstance(node.args[0], ast.Starred):
        return None
    text = f"{ctx.source_of(func.value)}.safe_load({ctx.source_of(node.args[0])})"
    return Fix("Use yaml.safe_load", (Edit(ctx.path, span_of(node, ctx.lines), text),))


SHELL_ALWAYS = frozenset(
    {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
     "asyncio.create_subprocess_shell", "commands.getoutput"}
)  # fmt: skip
SUBPROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen"}
)  # fmt: skip


@register
class ShellWithRequestData(Rule):
    info = RuleInfo(
        code="BA108",
        name="shell-request-data",
        summary="A shell command is built from request data.",
        severity=Severity.ERROR,
        rationale=(
            "A shell reads `;`, `|`, `$(...)` and backquotes in its command line, so text from "
            "the client in `os.system`, `os.popen` or `subprocess` with `shell=True` runs "
            "commands of the client's choosing (OS command injection). Pass an argument list "
            'without a shell (`subprocess.run(["ping", "-c", "1", host])`) and validate '
            "the value against what it may be."
        ),
        bad="import os\nfrom flask import request\n\nos.system(f\"ping -c 1 {request.args['host']}\")",
        good=(
            "import subprocess\nfrom flask import request\n\n"
            'subprocess.run(["ping", "-c", "1", request.args["host"]], check=True, timeout=10)'
        ),
        cwe=(78,),
    )
    node_types = (ast.Call,)
    call_qualified = SUBPROCESS_CALLS | SHELL_ALWAYS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        name = ctx.scopes.qualified(node.func)
        if name in SUBPROCESS_CALLS:
            shell = kwarg(node, "shell")
            if shell is None or not is_true(shell.value):
                return
        elif name not in SHELL_ALWAYS:
            return
        command = node.args[0] if node.args else None
        if command is None:
            found = kwarg(node, "args") or kwarg(node, "cmd") or kwarg(node, "command")
            command = found.value if found else None
        if command is None or isinstance(command, ast.Starred):
            return
        source = RequestData(ctx).source(command, node)
        if source is not None:
            ctx.report(
                command,
                f"{source} reaches the shell through `{name}`; pass an argument list "
                "without `shell=True`",
            )


HTML_SINKS = {
    "django.utils.safestring.mark_safe": "mark_safe",
    "django.utils.html.mark_safe": "mark_safe",
    "markupsafe.Markup": "Markup",
    "flask.Markup": "Markup",
    "jinja2.Markup": "Markup",
    "flask.render_template_string": "render_template_string",
    "fastapi.responses.HTMLResponse": "HTMLResponse",
    "starlette.responses.HTMLResponse": "HTMLResponse",
    "django.http.HttpResponse": "HttpResponse",
    "jinja2.Template": "Template",
}
FORMAT_HTML = frozenset({"django.utils.html.format_html"})
SAFE_FILTER_RE = re.compile(r"\|\s*safe\b|\{%-?\s*autoescape\s+(?:false|off)")


@register
class HtmlFromRequestData(Rule):
    info = RuleInfo(
        code="BA109",
        name="html-from-request-data",
        summary="Request data is marked safe or rendered as HTML or as a template (XSS).",
        severity=Severity.ERROR,
        rationale=(
            "`mark_safe`, `Markup` and `|safe` switch off the template engine's escaping; "
            "`HTMLResponse` and `HttpResponse` send a string as HTML as it is. With request data "
            "inside, a `<script>` in a parameter runs in the victim's browser (cross-site "
            "scripting). `render_template_string` with request data in the template itself lets "
            "the client write Jinja (template injection, code execution). `format_html` escapes "
            "its arguments only: a format string built with an f-string is not escaped at all. "
            "Pass values to the template as variables and let it escape them."
        ),
        bad=(
            "from django.utils.safestring import mark_safe\n\n"
            "def search(request):\n    return mark_safe(f\"<b>{request.GET['q']}</b>\")"
        ),
        good=(
            "from django.utils.html import format_html\n\n"
            'def search(request):\n    return format_html("<b>{}</b>", request.GET["q"])'
        ),
        cwe=(79, 1336),
    )
    node_types = (ast.Call,)
    call_qualified = FORMAT_HTML | frozenset(HTML_SINKS)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        data = ctx.scopes
        name = data.qualified(node.func)
        if name in FORMAT_HTML and node.args:
            fmt = node.args[0]
            flow = Flow(ctx, data)
            scope = data.scope(ctx.enclosing_function())
            built = flow.built(fmt, scope, (fmt.lineno, fmt.col_offset), sql_check=False)
            if built is not None and built.via is None:
                ctx.report(
                    fmt,
                    f"`format_html` given a format string built with {built.how}: the values "
                    "inside it are not escaped; pass them as arguments",
                )
            return
        sink = HTML_SINKS.get(name or "")
        if sink is None or not node.args:
            return
        content = node.args[0]
        if sink == "HttpResponse":
            ctype = kwarg(node, "content_type")
            if ctype is not None and not (
                isinstance(ctype.value, ast.Constant) and "html" in str(ctype.value.value)
            ):
                return
        request = RequestData(ctx)
        if sink in ("render_template_string", "Template") and isinstance(content, ast.Constant):
            # a literal template is fine unless it switches escaping off for request data
            if SAFE_FILTER_RE.search(str(content.value)):
                for kw in node.keywords:
                    source = request.source(kw.value, node) if kw.arg else None
                    if source is not None:
                        ctx.report(
                            kw,
                            f"{source} is rendered with `|safe` in the template: it is not escaped",
                        )
            return
        source = request.source(content, node)
        if source is None:
            return
        what = {
            "render_template_string": "becomes template code in `render_template_string`",
            "Template": "becomes template code in `Template`",
            "HTMLResponse": "is sent as HTML by `HTMLResponse` without escaping",
            "HttpResponse": "is sent as HTML by `HttpResponse` without escaping",
        }.get(sink, f"is marked safe by `{sink}` and not escaped")
        ctx.report(content, f"{source} {what}")


BROAD_EXCEPTIONS = frozenset(
    {"Exception", "BaseException", "SQLAlchemyError", "DatabaseError", "DBAPIError",
     "OperationalError", "ProgrammingError", "IntegrityError", "InterfaceError", "Error",
     "RequestException", "HTTPError", "ConnectionError", "OSError", "IOError", "ClientError",
     "BotoCoreError", "RuntimeError", "AttributeError", "TypeError"}
)  # fmt: skip
TRACEBACK_CALLS = frozenset(
    {"traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
     "traceback.format_stack"}
)  # fmt: skip
RESPONSE_CALLS = frozenset(
    {"jsonify", "JSONResponse", "Response", "HttpResponse", "JsonResponse", "make_response",
     "HTTPException", "abort", "PlainTextResponse", "HTMLResponse", "HttpResponseServerError",
     "HttpResponseBadRequest", "ORJSONResponse", "UJSONResponse", "APIException"}
)  # fmt: skip


@register
class ExceptionTextToClient(Rule):
    info = RuleInfo(
        code="BA114",
        name="exception-text-to-client",
        summary="A route handler sends exception text or a traceback back to the client.",
        severity=Severity.WARNING,
        rationale=(
            "The text of an unexpected exception describes the inside of the server: SQL and "
            "table names from the database driver, file paths, host names, library versions, "
            "sometimes credentials from a connection string. Sent to the client it helps an "
            "attacker map the system. Log the exception with its traceback and answer with a "
            "generic message (and a request id to find the log). Messages of exceptions the "
            "application raises itself for the client (a `ValueError` from validation, also "
            "in an `if isinstance(exc, HTTPException):` branch of a broad `except`) are not "
            "flagged, nor a broad `except` around code that only parses or validates the input "
            "(`Model.model_validate(body)`, `json.loads`): only broad and driver-level "
            "exceptions and tracebacks are."
        ),
        bad=(
            '@router.post("/orders")\ndef create_order(order: Order):\n    try:\n'
            "        return save(order)\n"
            "    except Exception as exc:\n"
            "        raise HTTPException(status_code=500, detail=str(exc))"
        ),
        good=(
            '@router.post("/orders")\ndef create_order(order: Order):\n    try:\n'
            "        return save(order)\n"
            "    except Exception:\n"
            '        log.exception("creating order failed")\n'
            '        raise HTTPException(status_code=500, detail="internal error")'
        ),
        cwe=(209,),
    )
    node_types = (ast.ExceptHandler,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.ExceptHandler)
        fn = ctx.enclosing_function()
        if fn is None or not is_route_handler(fn, ctx, module_counts=True):
            return
        data = ctx.scopes
        broad = node.type is None or any(
            (dotted_name(t) or "").split(".")[-1] in BROAD_EXCEPTIONS
            for t in (node.type.elts if isinstance(node.type, ast.Tuple) else [node.type])
        )
        attempt = ctx.parent()
        if broad and isinstance(attempt, ast.Try) and _parses_only(attempt.body):
            broad = False  # whatever it caught, it is the client input's validation message
        seen: set[int] = set()
        for leak, narrowed in _outgoing(node.body, node.name):
            for sub in _walk_outside_debug(leak):
                if id(sub) in seen:
                    continue
                what = _leaked(sub, node.name if broad and not narrowed else None, data)
                if what is not None:
                    seen.update(id(n) for n in ast.walk(sub))
                    ctx.report(
                        sub,
                        f"{what} is sent to the client; log it and answer with a generic message",
                    )


# Calls that only parse or validate what the client sent: their errors describe the input
PARSE_CALLS = frozenset(
    {
        "model_validate", "model_validate_json", "parse_obj", "parse_raw", "parse_obj_as",
        "validate_python", "validate_json", "loads", "int", "float", "UUID", "Decimal",
        "fromisoformat", "strptime", "b64decode",
    }
)  # fmt: skip


def _parses_only(body: list[ast.stmt]) -> bool:
    """The ``try`` block does nothing but parse or validate input (every call in it is one)."""
    calls = [n for stmt in body for n in ast.walk(stmt) if isinstance(n, ast.Call)]
    return bool(calls) and all(
        (n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", ""))
        in PARSE_CALLS
        for n in calls
    )


def _outgoing(body: list[ast.stmt], exc_name: str | None) -> list[tuple[ast.expr, bool]]:
    """What leaves the handler from an except block: returned values, raised exceptions and
    arguments of response and abort calls; not nested functions. Each comes with whether it
    sits under ``if isinstance(exc, SomeAppError):`` (the exception narrowed to a type that
    is not broad: its message is meant for the client, as with ``except SomeAppError``)."""
    out: list[tuple[ast.expr, bool]] = []
    todo: list[tuple[ast.AST, bool]] = [(stmt, False) for stmt in body]
    while todo:
        stmt, narrowed = todo.pop()
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(stmt, ast.Return) and stmt.value is not None:
            out.append((stmt.value, narrowed))
            continue
        if isinstance(stmt, ast.Raise) and stmt.exc is not None:
            out.append((stmt.exc, narrowed))
            continue
        if isinstance(stmt, ast.If) and _mentions_debug(stmt.test):
            todo.extend((s, narrowed) for s in stmt.orelse)
            continue
        if isinstance(stmt, ast.If) and exc_name and _narrows_to_app_error(stmt.test, exc_name):
            todo.extend((s, True) for s in stmt.body)
            todo.extend((s, narrowed) for s in stmt.orelse)
            continue
        if isinstance(stmt, ast.Call):
            name = dotted_name(stmt.func) or ""
            if name.split(".")[-1] in RESPONSE_CALLS:
                out.append((stmt, narrowed))
                continue
        todo.extend((child, narrowed) for child in ast.iter_child_nodes(stmt))
    return out


def _narrows_to_app_error(test: ast.expr, exc_name: str) -> bool:
    """``isinstance(exc, HTTPException)`` (alone or in an ``and``) with types none of which
    is broad: the branch handles exceptions whose text is written for the client."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_narrows_to_app_error(v, exc_name) for v in test.values)
    if not (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and _is_name(test.args[0], exc_name)
    ):
        return False
    kinds = test.args[1]
    types = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    names = [dotted_name(t) for t in types]
    return all(n is not None and n.split(".")[-1] not in BROAD_EXCEPTIONS for n in names)


def _leaked(node: ast.AST, exc_name: str | None, data: FileScopes) -> str | None:
    if isinstance(node, ast.Call):
        name = data.qualified(node.func) or dotted_name(node.func)
        if name in TRACEBACK_CALLS:
            return "the traceback"
        if (
            exc_name is not None
            and isinstance(node.func, ast.Name)
            and node.func.id in ("str", "repr")
            and len(node.args) == 1
            and _is_name(node.args[0], exc_name)
        ):
            return "the exception text"
    if (
        exc_name is not None
        and isinstance(node, ast.JoinedStr)
        and any(
            isinstance(v, ast.FormattedValue) and _is_name(v.value, exc_name) for v in node.values
        )
    ):
        return "the exception text"
    if (
        exc_name is not None
        and isinstance(node, ast.Attribute)
        and node.attr in ("args", "message", "orig", "detail_text")
        and _is_name(node.value, exc_name)
    ):
        return "the exception text"
    return None


def _walk_outside_debug(expr: ast.AST) -> list[ast.AST]:
    """The nodes of ``expr``, leaving out ``x if settings.DEBUG else ...`` branches."""
    out: list[ast.AST] = []
    todo = [expr]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, ast.IfExp) and _mentions_debug(node.test):
            todo.append(node.orelse)
            continue
        todo.extend(reversed(list(ast.iter_child_nodes(node))))
    return out


def _mentions_debug(test: ast.expr) -> bool:
    """``if settings.DEBUG:`` / ``... if app.debug else ...``: shown to developers only."""
    return any("debug" in n.lower() for n in walk_names(test))


def _is_name(expr: ast.expr, name: str) -> bool:
    return isinstance(expr, ast.Name) and expr.id == name

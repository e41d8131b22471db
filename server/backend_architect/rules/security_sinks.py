"""BA1xx rules about where request data is sent: file paths (path traversal), the URLs of
outbound requests (SSRF) and redirects (open redirect)."""

from __future__ import annotations

import ast
import re

from ..core.model import Severity
from ..index.frameworks.common import last_name
from ..index.symbols import dotted_name
from .file_context import FileContext
from .registry import Rule, RuleInfo, register
from .support.ast_helpers import kwarg
from .support.http_clients import HTTPX_CALLS, REQUESTS_CALLS, URLOPEN
from .support.request_data import PATH_TYPES, RequestData

# --- BA115 -----------------------------------------------------------------------------------

# calls whose first argument (or ``path=``/``file=``) is a path the server opens or changes
PATH_CALLS = frozenset(
    {"open", "io.open", "os.open", "os.remove", "os.unlink", "os.rmdir", "os.removedirs",
     "os.rename", "os.replace", "shutil.rmtree", "shutil.copy", "shutil.copyfile",
     "shutil.copy2", "shutil.move", "flask.send_file", "flask.helpers.send_file",
     "starlette.responses.FileResponse", "fastapi.responses.FileResponse",
     "aiofiles.open", "anyio.open_file"}
)  # fmt: skip
PATH_KEYWORDS = ("file", "path", "filename", "src", "name_or_path")
# methods of a ``pathlib.Path`` that read, write or delete the file
PATH_METHODS = frozenset(
    {"read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "open"}
)
# a handler that compares the resolved path with its base, or joins through a safe join,
# has checked where the path leads
PATH_CHECKS = frozenset(
    {"is_relative_to", "commonpath", "commonprefix", "safe_join", "secure_filename",
     "relative_to", "parents"}
)  # fmt: skip
# a normalised path compared with the base by its start is the containment check too
NORMALISERS = frozenset({"abspath", "realpath", "normpath", "resolve"})
PREFIX_TESTS = frozenset({"startswith"})
# ``Path`` methods that give a path again: ``Path(name).resolve().read_text()``
PATH_RETURNING = frozenset({"resolve", "absolute", "joinpath", "with_name", "with_suffix"})


@register
class PathFromRequestData(Rule):
    info = RuleInfo(
        code="BA115",
        name="path-from-request-data",
        summary="Request data picks the file the server opens, sends or deletes (path traversal).",
        severity=Severity.ERROR,
        rationale=(
            "A file name from the client can hold `../` or an absolute path: joined to a base "
            "folder and opened, sent or deleted, it reaches any file the server can read "
            "(`../../etc/passwd`, the settings with their secrets) or write. Keep the name to "
            "one path segment (`werkzeug.utils.secure_filename`, `os.path.basename`), serve "
            "uploads through `send_from_directory`/`safe_join`, or resolve the path and check "
            "it stays under the base (`path.resolve().is_relative_to(BASE)`)."
        ),
        bad=(
            "from flask import request, send_file\n\n"
            "@app.get('/files')\ndef download():\n"
            "    return send_file(os.path.join(UPLOADS, request.args['name']))"
        ),
        good=(
            "from flask import request, send_from_directory\n\n"
            "@app.get('/files')\ndef download():\n"
            "    return send_from_directory(UPLOADS, request.args['name'])"
        ),
        cwe=(22, 73),
    )
    node_types = (ast.Call,)
    call_qualified = PATH_CALLS
    call_names = PATH_METHODS | {"open", "save"}

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        target = _path_argument(node, ctx)
        if target is None or _function_mentions(ctx, PATH_CHECKS):
            return
        if _function_mentions(ctx, NORMALISERS) and _function_mentions(ctx, PREFIX_TESTS):
            return  # ``os.path.abspath(...)`` compared by ``startswith(root)``: contained
        source = RequestData(ctx).source(target, node)
        if source is not None:
            func = node.func
            what = dotted_name(func) or (f".{func.attr}" if isinstance(func, ast.Attribute) else "")
            ctx.report(
                target,
                f"{source} picks the path `{what}()` uses: a name with `../` reaches any file; "
                "keep it to one segment (`secure_filename`) or check the resolved path",
            )


def _path_argument(call: ast.Call, ctx: FileContext) -> ast.expr | None:
    """The path a file call is given: the first argument of ``open``/``send_file``..., the
    ``Path`` a read/write/delete method is called on, or the target of an upload's ``save``."""
    func = call.func
    name = ctx.scopes.qualified(func) or dotted_name(func)
    if name in PATH_CALLS and not (isinstance(func, ast.Name) and func.id in ctx.scopes.functions):
        if call.args:
            return call.args[0]
        return next((k.value for k in call.keywords if k.arg in PATH_KEYWORDS), None)
    if not isinstance(func, ast.Attribute):
        return None
    receiver = func.value
    if func.attr in PATH_METHODS and _is_path(receiver, ctx):
        return receiver
    if func.attr == "save" and call.args and RequestData(ctx).source(receiver, call) is not None:
        return call.args[0]  # request.files["f"].save(path): an upload saved
    return None


def _is_path(expr: ast.expr, ctx: FileContext) -> bool:
    """``Path(x)``, ``base / x`` (a Path join), or a name bound to one in the function."""
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in PATH_RETURNING:
            return True
        return (ctx.scopes.qualified(func) or dotted_name(func) or "") in PATH_TYPES
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Div):
        return True
    if isinstance(expr, ast.Name):
        binding, _ = ctx.binding_before(expr)
        return binding is not None and binding.value is not None and _is_path(binding.value, ctx)
    return False


def _function_mentions(ctx: FileContext, names: frozenset[str]) -> bool:
    """Whether the function around the node names one of ``names`` (a check it makes: a
    ``safe_join``, an ``is_relative_to``, a ``url_has_allowed_host_and_scheme``)."""
    fn = ctx.enclosing_function()
    return fn is not None and any(
        (isinstance(n, ast.Attribute) and n.attr in names)
        or (isinstance(n, ast.Name) and n.id in names)
        for n in ast.walk(fn)
    )


# --- BA116 -----------------------------------------------------------------------------------

HTTP_CALLS = (REQUESTS_CALLS | HTTPX_CALLS | URLOPEN) - {"httpx.Client", "httpx.AsyncClient"}
# a literal start that fixes the scheme and host: what follows only picks a path on that host
FIXED_HOST_RE = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#{}]+[/?#]", re.IGNORECASE)
# a handler that parses the URL and looks at its host has an allow-list to compare with
URL_CHECKS = frozenset({"hostname", "netloc", "host"})
URL_PARSERS = frozenset({"urlparse", "urlsplit", "URL", "urlunparse", "parse_url"})


@register
class UrlFromRequestData(Rule):
    info = RuleInfo(
        code="BA116",
        name="url-from-request-data",
        summary="Request data picks the URL the server fetches (server-side request forgery).",
        severity=Severity.ERROR,
        rationale=(
            "A server that fetches a URL the client chose can be pointed at what only it can "
            "reach: the cloud metadata endpoint (`http://169.254.169.254/`, with the "
            "instance's credentials), internal admin services, `localhost` ports. Fix the host "
            "in the code and let the client pick only a path or an id, or parse the URL and "
            "check its scheme and host against an allow-list before the request."
        ),
        bad=(
            "import requests\n\n"
            "@app.post('/preview')\ndef preview(url: str):\n    return requests.get(url, timeout=5).text"
        ),
        good=(
            "import requests\n\n"
            "@app.post('/preview')\ndef preview(url: str):\n"
            "    if urlparse(url).hostname not in ALLOWED_HOSTS:\n"
            "        raise HTTPException(400)\n"
            "    return requests.get(url, timeout=5).text"
        ),
        cwe=(918,),
    )
    node_types = (ast.Call,)
    call_qualified = HTTP_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        name = ctx.scopes.qualified(node.func)
        if name not in HTTP_CALLS:
            return
        # requests.request(method, url) / httpx.request(method, url)
        index = 1 if name.endswith(".request") else 0
        url = node.args[index] if len(node.args) > index else None
        if url is None:
            url = next((k.value for k in node.keywords if k.arg == "url"), None)
        if url is None or _checks_hosts(ctx):
            return
        data = RequestData(ctx)
        if _fixed_host(url, data, node):
            return
        source = data.source(url, node)
        if source is not None:
            ctx.report(
                url,
                f"{source} picks the URL `{dotted_name(node.func)}()` fetches: the server can be "
                "sent to internal addresses; fix the host, or check it against an allow-list",
            )


def _fixed_host(
    url: ast.expr,
    data: RequestData,
    at: ast.AST,
    local_ok: bool = False,
    depth: int = 0,
    where: tuple[int, int] | None = None,
) -> bool:
    """Whether the code, not the client, picks where ``url`` leads: a literal scheme and host
    (``f"https://api.example.com/users/{uid}"``), with ``local_ok`` a local path
    (``f"/orders/{oid}"``), or a value of the code's own followed by ``/``, ``?``, ``#`` or
    ``&`` (``f"{settings.API}/users/{uid}"``, ``f"{url}?{query}"``), also through local
    variables (``url = f"{url}&{params}"``)."""
    parts = _url_parts(url)
    if not parts:
        return False
    head = parts[0]
    if isinstance(head, str):
        return bool(FIXED_HOST_RE.match(head)) or (local_ok and _is_local(head))
    after = parts[1] if len(parts) > 1 else None
    if isinstance(head, ast.Name) and depth < 6:
        # names inside a bound value are looked up before that binding (``url = f"{url}?"``)
        binding, augs = data.ctx.binding_before(head, where)
        if (
            binding is not None
            and binding.value is not None
            and not augs
            and _fixed_host(binding.value, data, at, local_ok, depth + 1, binding.pos)
        ):
            return after is None or (isinstance(after, str) and after[:1] in "/?#&")
    if after is None:  # a variable's whole value: the code's own (``url_for(...)``) or not
        return depth > 0 and data.source(head, at) is None
    return (
        isinstance(after, str)
        and after[:1] in ("/", "?", "#", "&")
        and data.source(head, at) is None
    )


def _url_parts(url: ast.expr) -> list[ast.expr | str]:
    """The pieces a URL is built from, in order: literal text as ``str``, values as nodes."""
    if isinstance(url, ast.BinOp) and isinstance(url.op, ast.Add):
        return _url_parts(url.left) + _url_parts(url.right)
    if isinstance(url, ast.JoinedStr):
        parts: list[ast.expr | str] = []
        for v in url.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue):
                parts.append(v.value)
        return parts
    if isinstance(url, ast.Constant) and isinstance(url.value, str):
        return [url.value]
    if (
        isinstance(url, ast.Call)
        and isinstance(url.func, ast.Attribute)
        and url.func.attr == "format"
        and isinstance(url.func.value, ast.Constant)
    ):
        pieces = str(url.func.value.value).split("{}")
        if len(pieces) - 1 != len(url.args):  # named or numbered fields: the text only
            return [str(url.func.value.value)]
        out: list[ast.expr | str] = [pieces[0]] if pieces[0] else []
        for value, text in zip(url.args, pieces[1:], strict=True):
            out += [value, text] if text else [value]
        return out
    if isinstance(url, ast.BinOp) and isinstance(url.op, ast.Mod):
        return _url_parts(url.left)[:1]  # "https://host/search?q=%s" % q
    return [url]


def _checks_hosts(ctx: FileContext) -> bool:
    """A comparison of a parsed URL's host (``urlparse(url).hostname in ALLOWED``, or a name
    bound to ``urlparse(...)``): an allow-list; the request's own ``host`` is not one."""
    fn = ctx.enclosing_function()
    if fn is None:
        return False
    parsed = {
        t.id
        for n in ast.walk(fn)
        if isinstance(n, ast.Assign) and _parses_url(n.value)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    return any(
        isinstance(n, ast.Compare)
        and any(
            isinstance(a, ast.Attribute)
            and a.attr in URL_CHECKS
            and (_parses_url(a.value) or (isinstance(a.value, ast.Name) and a.value.id in parsed))
            for a in ast.walk(n)
        )
        for n in ast.walk(fn)
    )


def _parses_url(expr: ast.expr) -> bool:
    name = dotted_name(expr.func) if isinstance(expr, ast.Call) else None
    return name is not None and name.rsplit(".", 1)[-1] in URL_PARSERS


# --- BA117 -----------------------------------------------------------------------------------

REDIRECT_CALLS = frozenset(
    {"flask.redirect", "werkzeug.utils.redirect", "django.shortcuts.redirect",
     "django.http.HttpResponseRedirect", "django.http.HttpResponsePermanentRedirect",
     "django.http.response.HttpResponseRedirect", "starlette.responses.RedirectResponse",
     "fastapi.responses.RedirectResponse", "quart.redirect"}
)  # fmt: skip
# a helper named for checking a redirect target (``is_safe_redirect_url``, ``safe_url``)
SAFE_REDIRECT_RE = re.compile(r"(?i)safe.*(?:url|redirect|next)|allowed_host")
# checks that a redirect target stays on this site
REDIRECT_CHECKS = frozenset(
    {"url_has_allowed_host_and_scheme", "is_safe_url", "is_safe_redirect", "safe_url",
     "netloc", "hostname", "url_is_safe", "is_relative_url"}
)  # fmt: skip


@register
class RedirectToRequestData(Rule):
    info = RuleInfo(
        code="BA117",
        name="open-redirect",
        summary="A redirect goes to a URL taken from the request (open redirect).",
        severity=Severity.WARNING,
        rationale=(
            "`redirect(request.args['next'])` sends the user wherever the link says: a "
            "phishing page gets a link on your domain that lands on theirs, often right after "
            "the login page. Check the target stays on this site (Django's "
            "`url_has_allowed_host_and_scheme`, or parse it and accept a path only), or "
            "redirect to a named route (`url_for`, `reverse`)."
        ),
        bad=(
            "from flask import redirect, request\n\n"
            "def login_done():\n    return redirect(request.args.get('next', '/'))"
        ),
        good=(
            "from flask import redirect, request\n\n"
            "def login_done():\n    target = request.args.get('next', '/')\n"
            "    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.host}):\n"
            "        target = '/'\n    return redirect(target)"
        ),
        cwe=(601,),
    )
    node_types = (ast.Call,)
    call_qualified = REDIRECT_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        if ctx.scopes.qualified(node.func) not in REDIRECT_CALLS:
            return
        target = node.args[0] if node.args else kwarg(node, "url") or kwarg(node, "location")
        if isinstance(target, ast.keyword):
            target = target.value
        if target is None or _checks_redirect(ctx):
            return
        data = RequestData(ctx)
        if _fixed_host(target, data, node, local_ok=True):
            return
        source = data.source(target, node)
        if source is not None:
            ctx.report(
                target,
                f"{source} is the redirect's target: a link on this site can land on any other; "
                "accept a local path only, or redirect to a named route",
            )


def _is_local(text: str) -> bool:
    """A literal start of ``/`` that keeps a redirect here: more than the slash, and no second
    slash or backslash (``f"/{nxt}"`` is ``//evil.example`` when ``nxt`` starts with ``/``)."""
    return len(text) > 1 and text[0] == "/" and text[1] not in "/\\"


def _checks_redirect(ctx: FileContext) -> bool:
    """The function checks a target stays here: Django's ``url_has_allowed_host_and_scheme``
    or a project helper named for it (``is_safe_redirect_url``)."""
    fn = ctx.enclosing_function()
    if fn is not None and any(
        isinstance(n, ast.Call) and SAFE_REDIRECT_RE.search(last_name(n.func)) for n in ast.walk(fn)
    ):
        return True
    return _function_mentions(ctx, REDIRECT_CHECKS)


# --- BA119 -----------------------------------------------------------------------------------

# Django manager and queryset methods that write the fields they are given
DJANGO_WRITES = frozenset({"create", "update", "update_or_create", "bulk_update"})
# SQLAlchemy statements that write the fields they are given: ``insert(X).values(**data)``
VALUES_METHODS = frozenset({"values"})
# methods that take a whole mapping without ``**``
MAPPING_WRITERS = DJANGO_WRITES | VALUES_METHODS | {"update"}
# the bases of an ORM model class (Django's and Flask-SQLAlchemy's ``Model``, SQLAlchemy's
# declarative bases, SQLModel); pydantic's ``BaseModel`` is a schema
MODEL_BASES = frozenset({"Model", "DeclarativeBase", "DeclarativeBaseNoMeta", "SQLModel"})
DECLARATIVE_FACTORIES = frozenset({"declarative_base", "generate_base"})
# annotations that say the parameter is any mapping, not a schema that lists the fields
UNTYPED = frozenset({"dict", "Dict", "Any", "Mapping", "MutableMapping", "object", "Request"})


@register
class MassAssignment(Rule):
    info = RuleInfo(
        code="BA119",
        name="mass-assignment",
        summary="Request data sets the fields of a stored object wholesale (mass assignment).",
        severity=Severity.ERROR,
        rationale=(
            "`User(**request.json)`, `Order.objects.create(**request.data)` or a `setattr` "
            "loop over the request body lets the client set any column, not only the ones the "
            "form shows: `is_admin`, `owner_id`, `balance`, `email_verified`. List the fields "
            "the client may set, or validate the body with a schema that lists them (a "
            "pydantic model, a DRF serializer) and build the object from that."
        ),
        bad=(
            "from flask import request\n\n"
            "class User(db.Model):\n    ...\n\n"
            "def register():\n    user = User(**request.get_json())"
        ),
        good=(
            "from flask import request\n\n"
            "class User(db.Model):\n    ...\n\n"
            "def register():\n    body = request.get_json()\n"
            "    user = User(name=body['name'], email=body['email'])"
        ),
        cwe=(915,),
    )
    node_types = (ast.Call,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Call)
        target = _mass_written(node, ctx)
        if target is None:
            return
        data, what = target
        if _schema_validated(data, ctx):
            return
        source = RequestData(ctx).source(data, node)
        if source is not None:
            ctx.report(
                data,
                f"{source} sets the fields of {what} wholesale: a client can set any column "
                "(`is_admin`, `owner_id`); list the fields it may set, or validate with a schema",
            )


def _mass_written(call: ast.Call, ctx: FileContext) -> tuple[ast.expr, str] | None:
    """The mapping a call writes into a stored object: ``Model(**data)``, a Django write
    (``objects.create(**data)``), ``insert(X).values(data)``, ``setattr(obj, key, ...)``
    with ``key`` from a loop over a mapping's items, ``obj.__dict__.update(data)``."""
    func = call.func
    spread = next((k.value for k in call.keywords if k.arg is None), None)
    if spread is None and not (
        (type(func) is ast.Attribute and func.attr in MAPPING_WRITERS)
        or (type(func) is ast.Name and func.id == "setattr")
    ):
        return None  # most calls: no ``**`` and no writer of a whole mapping
    if isinstance(func, ast.Name) and func.id == "setattr" and len(call.args) == 3:
        mapping = _items_loop_source(call.args[1], ctx)
        return (mapping, f"`{ast.unparse(call.args[0])}`") if mapping is not None else None
    if not isinstance(func, ast.Attribute):
        if isinstance(func, ast.Name) and spread is not None and _is_model(func.id, ctx):
            return spread, f"`{func.id}`"
        return None
    if func.attr in DJANGO_WRITES and "objects" in ast.unparse(func.value):
        defaults = next((k.value for k in call.keywords if k.arg == "defaults"), None)
        found = spread or defaults
        return (found, f"`{ast.unparse(func.value).split('.')[0]}`") if found is not None else None
    if func.attr in VALUES_METHODS and isinstance(func.value, ast.Call):
        statement = func.value.func
        if isinstance(statement, (ast.Name, ast.Attribute)) and last_name(statement) in (
            "insert",
            "update",
        ):
            found = spread or (call.args[0] if call.args else None)
            return (found, "the table") if found is not None else None
    if (
        func.attr == "update"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr == "__dict__"
        and call.args
    ):
        return call.args[0], f"`{ast.unparse(func.value.value)}`"
    if spread is not None and _is_model(func.attr, ctx):
        return spread, f"`{func.attr}`"  # models.User(**data)
    return None


def _is_model(name: str, ctx: FileContext) -> bool:
    """An ORM model: a class of this file on a model base (followed through the file's own
    classes and ``Base = declarative_base()``), or else a model the index found by name."""
    cls = ctx.scopes.classes.get(name)
    if cls is not None:
        return _model_class(cls, ctx, 0)
    return ctx.index is not None and name in ctx.index.model_names


def _model_class(cls: ast.ClassDef, ctx: FileContext, depth: int) -> bool:
    for base in cls.bases:
        name = dotted_name(base) or ""
        short = name.rsplit(".", 1)[-1]
        if short in MODEL_BASES:
            return True
        own = ctx.scopes.classes.get(name)
        if own is not None and depth < 8 and _model_class(own, ctx, depth + 1):
            return True
        value = next(
            (b.value for b in ctx.scopes.module.bindings.get(name, ()) if b.value is not None),
            None,
        )
        if isinstance(value, ast.Call) and last_name(value.func) in DECLARATIVE_FACTORIES:
            return True
    return False


def _items_loop_source(key: ast.expr, ctx: FileContext) -> ast.expr | None:
    """``for key, value in data.items(): setattr(obj, key, value)``: ``data``, when ``key``
    is the loop's key over a mapping's items (or keys)."""
    if not isinstance(key, ast.Name):
        return None
    for node in reversed(ctx.stack):
        if isinstance(node, ast.If) and _tests_membership(node.test, key.id):
            return None  # ``if key in ALLOWED:``: an allow-list of fields
        if isinstance(node, (ast.For, ast.AsyncFor)):
            target, it = node.target, node.iter
            names = [target] if isinstance(target, ast.Name) else getattr(target, "elts", [])
            if not (names and isinstance(names[0], ast.Name) and names[0].id == key.id):
                continue
            if any(
                isinstance(st, ast.If) and _tests_membership(st.test, key.id) for st in node.body
            ):
                return None  # ``if key not in ALLOWED: continue``
            if (
                isinstance(it, ast.Call)
                and isinstance(it.func, ast.Attribute)
                and it.func.attr in ("items", "keys")
            ):
                return it.func.value
            return it
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            break
    return None


def _tests_membership(test: ast.expr, name: str) -> bool:
    return any(
        isinstance(n, ast.Compare)
        and isinstance(n.left, ast.Name)
        and n.left.id == name
        and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops)
        for n in ast.walk(test)
    )


def _schema_validated(data: ast.expr, ctx: FileContext, depth: int = 0) -> bool:
    """``payload.model_dump()`` of a handler parameter typed with a schema class (FastAPI
    validated it and it lists the fields), or a serializer's ``validated_data``, directly or
    through a local variable."""
    node = data
    while True:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value
        elif isinstance(node, ast.Attribute):
            if node.attr in ("validated_data", "cleaned_data"):
                return True
            node = node.value
        else:
            break
    if not isinstance(node, ast.Name):
        return False
    fn = ctx.enclosing_function()
    if fn is None:
        return False
    binding, _ = ctx.binding_before(node)
    if binding is not None and binding.value is not None and depth < 4:
        return _schema_validated(binding.value, ctx, depth + 1)
    for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]:
        if a.arg == node.id and a.annotation is not None:
            ann = dotted_name(a.annotation) or ""
            short = ann.rsplit(".", 1)[-1]
            return bool(short) and short not in UNTYPED and short[:1].isupper()
    return False

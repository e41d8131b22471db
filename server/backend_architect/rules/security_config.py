"""BA1xx rules about configuration: secrets in the code, debug mode, CORS, CSRF exemptions and
Django's ALLOWED_HOSTS."""

from __future__ import annotations

import ast
import re

from ..core.model import Severity
from ..index.facts import span_of
from ..index.symbols import dotted_name
from .file_context import FileContext
from .nodes import of_type
from .registry import Rule, RuleInfo, register
from .support.ast_helpers import assigned_value, is_true, kwarg, node_name
from .support.project_files import is_dev_file, is_settings_module
from .support.secrets import is_secret_name, name_words

# --- BA102 -----------------------------------------------------------------------------------

PLACEHOLDER_RE = re.compile(r"^\s*$|^\$\{.*\}$|^<.*>$|^\{\{.*\}\}$|^%\(.*\)s$|^(.)\1*$|\s")
CONNECTION_RE = re.compile(
    r"^[a-z][a-z0-9+.\-]*://(?P<user>[^:/@\s]+):(?P<password>[^@/\s]+)@(?P<host>[^/:?\s]+)",
    re.IGNORECASE,
)
DUMMY_PASSWORDS = frozenset({"password", "pass", "secret", "changeme", "changethis", "xxx", "..."})
DUMMY_VALUES = DUMMY_PASSWORDS | frozenset(
    {"passwd", "pwd", "test", "testing", "dummy", "example", "none", "null", "change-me"}
)
ENV_NAME_RE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
JWT_FUNCTIONS = frozenset({"jwt.encode", "jwt.decode", "jose.jwt.encode", "jose.jwt.decode"})
ENV_READS = frozenset({"os.getenv", "os.environ.get", "environ.get", "getenv", "config", "env"})


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _literal_secret(name: str, value: ast.expr) -> bool:
    """A string literal that could be the secret itself: not empty, not a template placeholder,
    not the name of the setting or of a header (``PASSWORD = "password"``)."""
    if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
        return False
    text = value.value
    if PLACEHOLDER_RE.search(text) or any(p in text for p in ("{}", "%s", "***")):
        return False
    # too short to be a key, a dummy from the docs, or the name of an environment variable
    if len(text) < 4 or text.lower() in DUMMY_VALUES or ENV_NAME_RE.fullmatch(text):
        return False
    words = name_words(name)
    if _norm(text) in (_norm(name), "".join(words[-1:]), "".join(words[-2:])):
        return False
    return not text.lower().startswith("x-")


def connection_password(text: str) -> bool:
    m = CONNECTION_RE.match(text)
    if m is None:
        return False
    password = m.group("password")
    if password.lower() in DUMMY_PASSWORDS or password == m.group("user"):
        return False
    if PLACEHOLDER_RE.search(password) or password.startswith(("{", "$", "%", "*")):
        return False
    return m.group("host").lower() not in LOCAL_HOSTS


@register
class HardCodedSecret(Rule):
    info = RuleInfo(
        code="BA102",
        test_files="never",
        name="hard-coded-secret",
        summary="A secret (key, password, token, connection string) is written in the code.",
        severity=Severity.ERROR,
        rationale=(
            "A secret in the source is in every clone, fork, backup, CI log and container image "
            "of the repository, and rotating it means a release. Whoever has the `SECRET_KEY` "
            "or JWT key can sign sessions and tokens as any user. Read secrets from the "
            'environment or a secret manager (`os.environ["SECRET_KEY"]`, a pydantic '
            "`BaseSettings` field without a default) and keep only placeholders in examples. "
            "Test files are not checked: their passwords are fixtures."
        ),
        bad=(
            'SECRET_KEY = "k3y-4f9c2e1d7b"\n'
            'engine = create_engine("postgresql://app:S3cr3t@db.internal/app")'
        ),
        good=(
            'SECRET_KEY = os.environ["SECRET_KEY"]\n'
            'engine = create_engine(os.environ["DATABASE_URL"])'
        ),
        cwe=(798, 259),
    )
    node_types = (ast.Assign, ast.AnnAssign, ast.Call, ast.Dict)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                return
            for target in targets:
                name = node_name(target)
                if name and is_secret_name(name) and _literal_secret(name, node.value):
                    self._report(ctx, node.value, f"`{name}` is set to a literal secret")
        elif isinstance(node, ast.Call):
            # both findings below need a literal: a second argument or a keyword's value
            if not (
                (len(node.args) > 1 and isinstance(node.args[1], ast.Constant))
                or any(isinstance(kw.value, ast.Constant) for kw in node.keywords)
            ):
                return
            qualified = ctx.scopes.qualified(node.func)
            if qualified in ENV_READS or dotted_name(node.func) in ENV_READS:
                return
            if qualified in JWT_FUNCTIONS and len(node.args) > 1:
                literal = node.args[1]
                if isinstance(literal, ast.Constant) and _literal_secret("key", literal):
                    self._report(ctx, literal, f"`{dotted_name(node.func)}` is given a literal key")
            for kw in node.keywords:
                if kw.arg is None:
                    continue
                secret = (qualified in JWT_FUNCTIONS and kw.arg == "key") or is_secret_name(kw.arg)
                if secret and _literal_secret(kw.arg, kw.value):
                    self._report(ctx, kw.value, f"`{kw.arg}=` is given a literal secret")
        elif isinstance(node, ast.Dict):
            found = [
                (key.value, value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and is_secret_name(key.value)
                and _literal_secret(key.value, value)
            ]
            if found and not _in_example(ctx):  # the ancestors are read only for a hit
                for name, value in found:
                    self._report(ctx, value, f"`{name!r}` is set to a literal secret")

    def check_file(self, ctx: FileContext) -> None:
        """Connection strings with a password, wherever they are written: a pass over the
        file's string constants after the walk (a visit of every constant costs more than the
        whole check of most files), their parents looked up for the few that qualify."""
        found = [
            node
            for node in of_type(ctx.tree, ast.Constant)
            if type(node.value) is str and "://" in node.value and "@" in node.value
        ]
        if not found:
            return
        parents: dict[int, ast.AST] = {}
        for stmt in of_type(ctx.tree, ast.Expr):
            parents[id(stmt.value)] = stmt
        for call in of_type(ctx.tree, ast.Call):
            for arg in call.args:
                parents[id(arg)] = call
        for node in found:
            parent = parents.get(id(node))
            if isinstance(parent, ast.Expr):  # a docstring
                continue
            if isinstance(parent, ast.Call) and (
                ctx.scopes.qualified(parent.func) in ENV_READS
                or dotted_name(parent.func) in ENV_READS
            ):
                continue
            assert isinstance(node.value, str)
            if connection_password(node.value):
                self._report(ctx, node, "a connection string holds a literal password")

    def _report(self, ctx: FileContext, value: ast.expr, what: str) -> None:
        span = span_of(value, ctx.lines)
        if any(f.code == "BA102" and f.span == span for f in ctx.findings):
            return
        ctx.report(value, f"{what}; read it from the environment or a secret store")


def _in_example(ctx: FileContext) -> bool:
    """Inside an OpenAPI example (``json_schema_extra={"example": {...}}``, ``examples=[...]``)."""
    for node in ctx.stack:
        if isinstance(node, ast.keyword) and node.arg and "example" in node.arg:
            return True
        if isinstance(node, ast.Dict) and any(
            isinstance(k, ast.Constant) and isinstance(k.value, str) and "example" in k.value
            for k in node.keys
        ):
            return True
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any("example" in (node_name(t) or "").lower() for t in targets):
                return True
    return False


# --- BA103 -----------------------------------------------------------------------------------

NOT_WEB_RUNNERS = frozenset({"asyncio", "trio", "anyio", "unittest", "pytest", "doctest"})
APP_CLASSES = frozenset(
    {"fastapi.FastAPI", "starlette.applications.Starlette", "starlette.Starlette"}
)


@register
class DebugModeOn(Rule):
    info = RuleInfo(
        code="BA103",
        name="debug-mode-on",
        summary="Debug mode is switched on outside a development settings file.",
        severity=Severity.ERROR,
        rationale=(
            "Debug mode shows tracebacks, settings and local variables to anyone who triggers an "
            "error; Werkzeug's debugger (`app.run(debug=True)`) even runs Python typed into the "
            "error page. Django with `DEBUG = True` also lists every URL pattern and keeps every "
            "SQL query in memory. Read the flag from the environment, default it to off, and "
            "turn it on in a development settings file (dev, local, test in its name)."
        ),
        bad="app.run(debug=True)\nDEBUG = True  # settings.py",
        good=(
            'app.run(debug=os.environ.get("FLASK_DEBUG") == "1")\n'
            'DEBUG = os.environ.get("DJANGO_DEBUG") == "1"'
        ),
        cwe=(489, 215),
    )
    node_types = (ast.Call, ast.Module, ast.Assign)
    call_keywords = frozenset({"debug"})  # a call acts only with `debug=True`
    type_markers = {ast.Module: ("DEBUG",)}  # the settings module's DEBUG = True

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Assign) and not any(
            isinstance(t, ast.Subscript) for t in node.targets
        ):
            return  # most assignments: not app.config[...] = ..., nothing to look at
        if is_dev_file(ctx):
            return
        if isinstance(node, ast.Module):
            if not is_settings_module(ctx):
                return
            for stmt in node.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "DEBUG" for t in stmt.targets)
                    and is_true(stmt.value)
                ):
                    ctx.report(stmt.value, "`DEBUG = True` in a production settings module")
            return
        if isinstance(node, ast.Assign):
            # app.config["DEBUG"] = True (Flask)
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Attribute)
                    and target.value.attr == "config"
                    and node_name(target) == "DEBUG"
                    and is_true(node.value)
                ):
                    ctx.report(node.value, "the app's `DEBUG` config is switched on")
            return
        assert isinstance(node, ast.Call)
        debug = kwarg(node, "debug")
        if debug is None or not is_true(debug.value):
            return
        qualified = ctx.scopes.qualified(node.func) or ""
        if qualified in APP_CLASSES:
            ctx.report(debug, f"`{dotted_name(node.func)}(debug=True)` sends tracebacks to clients")
        elif (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "run"
            and qualified.split(".")[0] not in NOT_WEB_RUNNERS
        ):
            ctx.report(debug, "the server runs in debug mode (the interactive debugger is on)")


# --- BA104 -----------------------------------------------------------------------------------

WILDCARD_REGEXES = frozenset({".*", ".+", "^.*$", "^.*", "https?://.*", "^https?://.*$"})


@register
class CorsWildcardWithCredentials(Rule):
    info = RuleInfo(
        code="BA104",
        name="cors-wildcard-credentials",
        summary="CORS allows every origin and credentials: any site can call the API as the user.",
        severity=Severity.ERROR,
        rationale=(
            "With credentials allowed, browsers send the user's cookies and auth headers on "
            "cross-origin requests. Starlette's CORSMiddleware, flask-cors and "
            "django-cors-headers answer a wildcard with the caller's own origin in that case, so "
            "any web page the user opens can read the API's answers as that user. List the "
            "origins that may call the API, or do not allow credentials."
        ),
        bad=('app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)'),
        good=(
            "app.add_middleware(\n"
            '    CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True\n'
            ")"
        ),
        cwe=(942, 346),
    )
    node_types = (ast.Call, ast.Module)
    # CORSMiddleware, flask_cors, Django's CORS_* settings
    text_markers = ("CORS", "cors")

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Module):
            self._django(node, ctx)
            return
        assert isinstance(node, ast.Call)
        data = ctx.scopes
        if any((dotted_name(a) or "").endswith("CORSMiddleware") for a in node.args[:1]):
            creds = kwarg(node, "allow_credentials")
            if creds is None or not is_true(creds.value):
                return
            origins = kwarg(node, "allow_origins")
            regex = kwarg(node, "allow_origin_regex")
            wildcard = origins is not None and _has_star(assigned_value(origins.value, ctx))
            wildcard = wildcard or (
                regex is not None
                and isinstance(regex.value, ast.Constant)
                and regex.value.value in WILDCARD_REGEXES
            )
            if wildcard:
                ctx.report(creds, "CORSMiddleware allows every origin together with credentials")
            return
        qualified = data.qualified(node.func)
        if qualified in ("flask_cors.CORS", "flask_cors.cross_origin"):
            creds = kwarg(node, "supports_credentials")
            if creds is None or not is_true(creds.value):
                return
            if _flask_cors_wildcard(node, ctx):
                ctx.report(creds, "flask-cors allows every origin together with credentials")

    def _django(self, module: ast.Module, ctx: FileContext) -> None:
        if is_dev_file(ctx):
            return
        values: dict[str, ast.Assign] = {}  # the last assignment of each name
        for stmt in module.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        values[t.id] = stmt
        creds = values.get("CORS_ALLOW_CREDENTIALS")
        if creds is None or not is_true(creds.value):
            return
        for name in ("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"):
            allow_all = values.get(name)
            if allow_all is not None and is_true(allow_all.value):
                ctx.report(allow_all, f"`{name}` together with `CORS_ALLOW_CREDENTIALS = True`")


def _has_star(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Constant):
        return expr.value == "*"
    if isinstance(expr, (ast.List, ast.Tuple, ast.Set)):
        return any(isinstance(e, ast.Constant) and e.value == "*" for e in expr.elts)
    return False


def _flask_cors_wildcard(call: ast.Call, ctx: FileContext) -> bool:
    origins = kwarg(call, "origins")
    if origins is not None:
        return _has_star(assigned_value(origins.value, ctx))
    resources = kwarg(call, "resources")
    if resources is None:
        return True  # flask-cors defaults to every origin
    value = assigned_value(resources.value, ctx)
    if not isinstance(value, ast.Dict):
        return False
    for options in value.values:
        if not isinstance(options, ast.Dict):
            return False
        found = next(
            (v for k, v in zip(options.keys, options.values, strict=True)
             if isinstance(k, ast.Constant) and k.value == "origins"),
            None,
        )  # fmt: skip
        if found is None or _has_star(assigned_value(found, ctx)):
            return True
    return False


# --- BA110 -----------------------------------------------------------------------------------

CSRF_EXEMPT = frozenset({"django.views.decorators.csrf.csrf_exempt", "csrf_exempt"})
SIGNATURE_WORDS = ("signature", "compare_digest", "construct_event", "verify_webhook")


@register
class CsrfExempt(Rule):
    info = RuleInfo(
        code="BA110",
        name="csrf-exempt",
        summary="A view is exempted from CSRF protection.",
        severity=Severity.WARNING,
        rationale=(
            "CSRF protection stops other sites from making the user's browser submit forms and "
            "requests with the user's cookies. An exempt view that uses the session can be "
            "triggered by any page the user visits. Keep the protection and send the token "
            "(`X-CSRFToken` header) from JavaScript; for API clients authenticate with a token "
            "header instead of cookies. Webhooks that check a signature are not flagged."
        ),
        bad="@csrf_exempt\ndef transfer(request):\n    ...",
        good="def transfer(request):  # the form sends {% csrf_token %}\n    ...",
        cwe=(352,),
    )
    node_types = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Call)
    # _is_exempt on the callee: its resolved or dotted name, or `<csrf>.exempt`
    call_qualified = CSRF_EXEMPT
    call_names = frozenset({n.rsplit(".", 1)[-1] for n in CSRF_EXEMPT} | {"exempt"})
    text_markers = ("exempt",)  # csrf_exempt, imported under any name, or <csrf>.exempt

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        if isinstance(node, ast.Call):
            # urls.py: path("hook/", csrf_exempt(views.hook))
            if self._is_exempt(node.func, ctx) and node.args:
                ctx.report(node, "the view is wrapped in `csrf_exempt`")
            return
        assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        exempt = [
            dec
            for dec in node.decorator_list
            if self._is_exempt(dec, ctx)
            or (
                isinstance(dec, ast.Call)
                and dotted_name(dec.func) in ("method_decorator", "decorators.method_decorator")
                and dec.args
                and self._is_exempt(dec.args[0], ctx)
            )
        ]
        # the body is walked only for exempted views (walking every function is the cost)
        if not exempt or _verifies_signature(node):
            return
        for dec in exempt:
            ctx.report(dec, f"`{node.name}` is exempted from CSRF protection")

    def _is_exempt(self, expr: ast.expr, ctx: FileContext) -> bool:
        qualified = ctx.scopes.qualified(expr) or dotted_name(expr)
        if qualified in CSRF_EXEMPT:
            return True
        # Flask-WTF: csrf = CSRFProtect(app); @csrf.exempt
        return (
            isinstance(expr, ast.Attribute)
            and expr.attr == "exempt"
            and "csrf" in (dotted_name(expr.value) or "").lower()
        )


def _verifies_signature(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            name = (dotted_name(sub.func) or "").lower()
            if any(w in name for w in SIGNATURE_WORDS):
                return True
    return False


# --- BA113 -----------------------------------------------------------------------------------


@register
class AllowedHostsWildcard(Rule):
    info = RuleInfo(
        code="BA113",
        name="allowed-hosts-wildcard",
        summary="`ALLOWED_HOSTS` accepts any host in a production settings module.",
        severity=Severity.WARNING,
        rationale=(
            "Django checks the Host header against `ALLOWED_HOSTS` because it builds absolute "
            'URLs from it: password-reset links, redirects, cache keys. With `"*"` an attacker '
            "sends a reset request with their own host and the victim's e-mail carries a link to "
            "the attacker's site (host header poisoning). List the domains the site serves, "
            "from the environment if they vary."
        ),
        bad='ROOT_URLCONF = "shop.urls"\nALLOWED_HOSTS = ["*"]',
        good='ROOT_URLCONF = "shop.urls"\nALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")',
        cwe=(20, 644),
    )
    node_types = (ast.Module,)

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        assert isinstance(node, ast.Module)
        if is_dev_file(ctx) or not is_settings_module(ctx):
            return
        for stmt in node.body:
            if isinstance(stmt, ast.Assign):
                targets = stmt.targets
            elif isinstance(stmt, ast.AugAssign):
                targets = [stmt.target]
            else:
                continue
            if not any(isinstance(t, ast.Name) and t.id == "ALLOWED_HOSTS" for t in targets):
                continue
            value = stmt.value
            if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
                for elt in value.elts:
                    if isinstance(elt, ast.Constant) and elt.value == "*":
                        ctx.report(elt, '`ALLOWED_HOSTS` accepts any host ("*")')

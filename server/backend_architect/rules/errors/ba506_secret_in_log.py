"""BA506: a password, token or key written to a log line, copied wherever the logs go."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.secrets import is_secret_name, name_words

LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"}
)
# headers that carry credentials (a request's ``headers["Authorization"]``)
SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "x-api-key"})
# tokens that are credentials, beside the secret names of BA102 (``page_token`` is not one)
MORE_SECRET_TOKENS = frozenset(
    {("reset", "token"), ("session", "token"), ("id", "token"), ("verification", "token")}
)
# a name that starts with an action names the action, not a secret (``reset_password``)
ACTION_WORDS = frozenset(
    {"update", "get", "set", "create", "delete", "reset", "change", "forgot", "rotate",
     "validate", "check", "verify", "revoke"}
)  # fmt: skip
# calls that pass their argument's text through unchanged
PASSTHROUGH = frozenset({"str", "repr", "format"})


@register
class SecretInLog(Rule):
    info = RuleInfo(
        code="BA506",
        name="secret-in-log",
        summary="A password, token or key is written to the logs.",
        severity=Severity.WARNING,
        rationale=(
            "Logs are copied everywhere (files, the log aggregator, error trackers, support "
            "tickets), read by more people than the database and kept for months: a password, "
            "API key, access token or `Authorization` header in a log line is a leaked "
            "credential. Log who and what (`user.id`, the key's id, the token's last four "
            "characters), never the secret itself."
        ),
        bad=(
            "import logging\n\nlogger = logging.getLogger(__name__)\n\n"
            "def login(username, password):\n"
            '    logger.info("login %s with %s", username, password)'
        ),
        good=(
            "import logging\n\nlogger = logging.getLogger(__name__)\n\n"
            "def login(username, password):\n"
            '    logger.info("login %s", username)'
        ),
        cwe=(532,),
        test_files="never",
    )
    node_types = (ast.Call,)
    call_names = LOG_METHODS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        if not _is_log_call(node):
            return
        for arg in [*node.args, *(k.value for k in node.keywords if k.arg != "exc_info")]:
            for value in map(_unwrapped, _logged_values(arg)):
                name = _secret_named(value)
                if name is not None:
                    ctx.report(
                        value,
                        f"`{name}` is written to the log: log who or which (an id, the last "
                        "four characters), never the secret",
                    )


def _is_log_call(call: ast.Call) -> bool:
    """``logger.info(...)``, ``logging.warning(...)``, ``self.log.error(...)``,
    ``current_app.logger.debug(...)``: a logging method on something named for a log."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in LOG_METHODS:
        return False
    receiver = dotted_name(func.value)
    return receiver is not None and "log" in receiver.rsplit(".", 1)[-1].lower()


def _logged_values(arg: ast.expr) -> list[ast.expr]:
    """The values a log argument writes: an f-string's fields, a ``%`` or ``.format`` call's
    arguments, or the argument itself."""
    if isinstance(arg, ast.JoinedStr):
        return [v.value for v in arg.values if isinstance(v, ast.FormattedValue)]
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Mod):
        right = arg.right
        if isinstance(right, ast.Tuple):
            return list(right.elts)
        if isinstance(right, ast.Dict):
            return [v for v in right.values if v is not None]
        return [right]
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):
        return _logged_values(arg.left) + _logged_values(arg.right)
    if (
        isinstance(arg, ast.Call)
        and isinstance(arg.func, ast.Attribute)
        and arg.func.attr == "format"
        and isinstance(arg.func.value, ast.Constant)
    ):
        return [*arg.args, *(k.value for k in arg.keywords)]
    if isinstance(arg, ast.Constant):
        return []
    if isinstance(arg, ast.Dict):  # ``extra={"password": password}``
        return [v for v in arg.values if v is not None]
    return [arg]


def _unwrapped(value: ast.expr) -> ast.expr:
    """``str(x)``/``repr(x)`` writes what ``x`` holds."""
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in PASSTHROUGH
        and value.args
    ):
        value = value.args[0]
    return value


def _secret_named(value: ast.expr) -> str | None:
    """The name of a secret ``value`` is: ``password``, ``user.api_key``,
    ``settings.SECRET_KEY``, ``request.headers["Authorization"]``; a call of anything but
    ``str()``/``repr()`` (``len(password)``, ``mask(token)``) writes something else."""
    if isinstance(value, ast.Name):
        name = value.id
    elif isinstance(value, ast.Attribute):
        name = value.attr
    elif isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant):
        key = value.slice.value
        if not isinstance(key, str):
            return None
        if key.lower() in SECRET_HEADERS:
            return ast.unparse(value)
        name = key
    elif (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "get"
        and value.args
        and isinstance(value.args[0], ast.Constant)
        and isinstance(value.args[0].value, str)
        and value.args[0].value.lower() in SECRET_HEADERS
    ):
        return ast.unparse(value)  # request.headers.get("Authorization")
    else:
        return None
    words = name_words(name)
    if words and words[0] in ACTION_WORDS:
        return None  # names an action on the secret (``UPDATE_USER_PASSWORD``, a route)
    if is_secret_name(name) or tuple(words[-2:]) in MORE_SECRET_TOKENS:
        return ast.unparse(value)
    return None

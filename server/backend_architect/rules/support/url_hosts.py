"""Whether the code, not the client, picks where a URL leads (its scheme and host, or a local path)."""

from __future__ import annotations

import ast
import re

from .request_data import LocalRequestData

# a literal start that fixes the scheme and host: what follows only picks a path on that host
FIXED_HOST_RE = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#{}]+[/?#]", re.IGNORECASE)


def fixed_host(
    url: ast.expr,
    data: LocalRequestData,
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
            and fixed_host(binding.value, data, at, local_ok, depth + 1, binding.pos)
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


def _is_local(text: str) -> bool:
    """A literal start of ``/`` that keeps a redirect here: more than the slash, and no second
    slash or backslash (``f"/{nxt}"`` is ``//evil.example`` when ``nxt`` starts with ``/``)."""
    return len(text) > 1 and text[0] == "/" and text[1] not in "/\\"

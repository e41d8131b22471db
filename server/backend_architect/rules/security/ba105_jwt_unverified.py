"""BA105: a JWT decoded without checking its signature or without fixing the algorithms."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ..file_context import FileContext
from ..nodes import walk
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import assigned_value, has_kwargs, is_false, kwarg
from ..support.literals import constant_value

JWT_DECODE = frozenset({"jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode"})
UNVERIFIED_CLAIMS = frozenset({"jose.jwt.get_unverified_claims"})


@register
class JwtWithoutVerification(Rule):
    info = RuleInfo(
        code="BA105",
        name="jwt-unverified",
        summary="A JWT is decoded without checking its signature or without fixing the algorithms.",
        severity=Severity.ERROR,
        rationale=(
            "A token's claims mean something only once its signature is checked: without that "
            'anyone can write `{"sub": "admin"}` and be believed. Passing no `algorithms` '
            "lets the token choose (python-jose, PyJWT 1) and opens the `none` algorithm and "
            'the RS256-to-HS256 confusion; `algorithms=["none"]` accepts unsigned tokens. '
            "Decode with the key and an explicit list of the algorithms you issue."
        ),
        bad='import jwt\n\nclaims = jwt.decode(token, options={"verify_signature": False})',
        good='import jwt\n\nclaims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])',
        cwe=(347, 345),
    )
    node_types = (ast.Call,)
    call_qualified = UNVERIFIED_CLAIMS | JWT_DECODE

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        if name in UNVERIFIED_CLAIMS:
            scope = ctx.enclosing_function() or ctx.tree
            if not any(_verifying_decode(c, ctx) for c in walk(scope)):
                ctx.report(node, "the claims are read without checking the token's signature")
            return
        if name not in JWT_DECODE:
            return
        problem = _decode_problem(node, ctx)
        if problem is not None:
            target, message = problem
            ctx.report(target, message)


def _decode_problem(call: ast.Call, ctx: FileContext) -> tuple[ast.AST, str] | None:
    options = kwarg(call, "options")
    if options is not None:
        value = assigned_value(options.value, ctx)
        if isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == "verify_signature" and _false(v, ctx):
                    return (
                        v if value is options.value else options
                    ), "the token's signature is not verified (`verify_signature: False`)"
    verify = kwarg(call, "verify")
    if verify is not None and _false(verify.value, ctx):
        return verify, "the token's signature is not verified (`verify=False`)"
    algorithms = kwarg(call, "algorithms")
    algo_value = algorithms.value if algorithms else (call.args[2] if len(call.args) > 2 else None)
    if algo_value is not None:
        elts = algo_value.elts if isinstance(algo_value, (ast.List, ast.Tuple)) else [algo_value]
        for e in elts:
            if isinstance(e, ast.Constant) and str(e.value).lower() == "none":
                return e, "the `none` algorithm accepts tokens without a signature"
        if isinstance(algo_value, ast.Constant) and algo_value.value is None:
            return algo_value, "no algorithm list: the token chooses how it is checked"
        return None
    if has_kwargs(call) or any(isinstance(a, ast.Starred) for a in call.args):
        return None
    return (
        call.func,
        "no `algorithms=`: the token chooses how it is checked; list the ones you issue",
    )


def _false(expr: ast.expr, ctx: FileContext) -> bool:
    """``False``, or a constant set to it (``VERIFY = False``, also in another module)."""
    return is_false(expr) or (
        isinstance(expr, (ast.Name, ast.Attribute)) and constant_value(ctx, expr) is False
    )


def _verifying_decode(node: ast.AST, ctx: FileContext) -> bool:
    return (
        isinstance(node, ast.Call)
        and ctx.scopes.qualified(node.func) in JWT_DECODE
        and _decode_problem(node, ctx) is None
    )

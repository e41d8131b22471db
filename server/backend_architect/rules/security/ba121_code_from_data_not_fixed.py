"""BA121: code or pickled objects loaded from data made at run time (request data not proven)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_true, kwarg
from ..support.literals import is_fixed
from ..support.sinks import PICKLE_CALLS
from ..support.summaries import RequestData

CODE_BUILTINS = frozenset({"eval", "exec", "compile"})
# loaders that unpickle underneath (``numpy.load`` only with ``allow_pickle=True``)
MORE_PICKLE = frozenset(
    {"pandas.read_pickle", "joblib.load", "pickle.Unpickler", "dill.Unpickler", "shelve.open",
     "numpy.load", "cloudpickle.loads", "cloudpickle.load", "jsonpickle.loads"}
)  # fmt: skip


@register
class CodeFromDataNotFixed(Rule):
    info = RuleInfo(
        code="BA121",
        name="code-from-data-not-fixed",
        summary="Code or pickled objects are loaded from data made at run time.",
        severity=Severity.WARNING,
        rationale=(
            "`eval`, `exec` and `compile` run text as Python; `pickle`, `marshal`, `shelve`, "
            "`dill` and `jsonpickle` build objects whose loading runs code the bytes name. "
            "Whoever can write that text or those bytes (a cache, a queue, an uploaded file, "
            "a cookie) runs code in the server. This is the reviewer's flag where no request "
            "data is proven to reach it (BA107 reports that): parse data with `json`, "
            "`ast.literal_eval` or a schema, and sign what must round-trip (`hmac`)."
        ),
        bad="import pickle\n\ndef load(blob):\n    return pickle.loads(blob)",
        good="import json\n\ndef load(blob):\n    return json.loads(blob)",
        cwe=(502, 95),
    )
    node_types = (ast.Call,)
    call_qualified = PICKLE_CALLS | MORE_PICKLE
    call_names = CODE_BUILTINS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        data = ctx.scopes
        name = data.qualified(node.func)
        func = node.func
        builtin = (
            func.id
            if isinstance(func, ast.Name)
            and func.id in CODE_BUILTINS
            and func.id not in data.imports
            and func.id not in data.functions
            else None
        )
        if not (builtin or name in PICKLE_CALLS or name in MORE_PICKLE) or not node.args:
            return
        if name == "numpy.load" and not is_true(
            getattr(kwarg(node, "allow_pickle"), "value", None)
        ):
            return
        arg = node.args[0]
        if isinstance(arg, ast.Starred) or is_fixed(ctx, arg, node):
            return
        parent = ctx.parent()
        if (
            builtin == "compile"
            and isinstance(parent, ast.Call)
            and isinstance(parent.func, ast.Name)
            and parent.func.id in ("exec", "eval")
        ):
            return  # ``exec(compile(...))``: one finding, at ``exec``
        checked = builtin in ("eval", "exec") or name in PICKLE_CALLS  # BA107's sinks
        if checked and RequestData(ctx).source(arg, node) is not None:
            return  # request data: BA107's finding
        what = dotted_name(func) or name
        verb = "runs it as code" if builtin else "runs code the bytes name"
        ctx.report(arg, f"`{what}()` is given data made at run time and {verb}; parse it as data")

"""BA107: request data in pickle, eval or exec, and yaml.load without a safe loader (the quick fix uses one)."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Edit, Fix, Severity
from ...core.syntax import dotted_name
from ...index.facts import span_of
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import kwarg
from ..support.sinks import PICKLE_CALLS
from ..support.summaries import RequestData, report_hits

YAML_LOADS = frozenset({"yaml.load", "yaml.load_all"})
YAML_UNSAFE = frozenset({"yaml.unsafe_load", "yaml.unsafe_load_all"})
RUAMEL_YAML = frozenset({"ruamel.yaml.YAML", "ruamel.yaml.main.YAML"})
YAML_SAFE_LOADERS = frozenset(
    {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader", "FullLoader"}
)


@register
class UnsafeDeserialisation(Rule):
    info = RuleInfo(
        code="BA107",
        name="unsafe-deserialisation",
        summary="Request data reaches pickle, eval or exec, or YAML is loaded without a safe loader.",
        severity=Severity.ERROR,
        rationale=(
            "`pickle.loads`, `eval` and `exec` run whatever code the bytes describe: given request "
            "data they hand the server to the client (remote code execution). `yaml.load` with "
            "the default or full `Loader` (and `yaml.unsafe_load`, ruamel's "
            '`YAML(typ="unsafe")`) builds arbitrary Python objects from tags in the document,'
            " so it is unsafe whatever the source; `yaml.safe_load` reads the same "
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
    call_qualified = YAML_LOADS | YAML_UNSAFE | RUAMEL_YAML | PICKLE_CALLS
    call_names = frozenset({"eval", "exec"})

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        data = ctx.scopes
        name = data.qualified(node.func)
        if name in YAML_UNSAFE:
            ctx.report(
                node,
                f"`{dotted_name(node.func)}` builds arbitrary objects, whatever the source of "
                "the text; use `yaml.safe_load`",
            )
            return
        if name in RUAMEL_YAML:
            typ = kwarg(node, "typ")
            if (
                typ is not None
                and isinstance(typ.value, ast.Constant)
                and typ.value.value == "unsafe"
            ):
                ctx.report(typ, '`YAML(typ="unsafe")` builds arbitrary objects; use `typ="safe"`')
            return
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

    def check_file(self, ctx: FileContext) -> None:
        report_hits(ctx, "code", "it runs code the client sends")


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

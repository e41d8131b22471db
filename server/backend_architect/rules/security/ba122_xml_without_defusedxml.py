"""BA122: XML parsed with the standard library or an entity-resolving lxml parser."""

from __future__ import annotations

import ast
from typing import cast

from ...core.model import Severity
from ...core.syntax import dotted_name
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.ast_helpers import is_false, is_true, kwarg
from ..support.literals import is_fixed

_STDLIB = {
    "xml.etree.ElementTree": ("parse", "fromstring", "XML", "iterparse", "fromstringlist"),
    "xml.etree.cElementTree": ("parse", "fromstring", "XML", "iterparse", "fromstringlist"),
    "xml.dom.minidom": ("parse", "parseString"),
    "xml.dom.pulldom": ("parse", "parseString"),
    "xml.sax": ("parse", "parseString"),
    "xml.dom.expatbuilder": ("parse", "parseString"),
}
XML_PARSES = frozenset(f"{m}.{f}" for m, fs in _STDLIB.items() for f in fs)
LXML_PARSER = frozenset({"lxml.etree.XMLParser"})


def _own_parser(call: ast.Call, name: str) -> bool:
    """``pulldom.parse(stream, make_parser())``, ``ET.parse(f, parser=...)``: the caller picks
    the parser (often defusedxml's), which this cannot judge. (``sax.parse``'s second argument
    is its handler, not a parser.)"""
    if name.startswith("xml.sax."):
        return False
    return len(call.args) > 1 or any(k.arg == "parser" for k in call.keywords)


@register
class XmlWithoutDefusedxml(Rule):
    info = RuleInfo(
        code="BA122",
        name="xml-without-defusedxml",
        summary="XML made at run time is parsed without defusedxml.",
        severity=Severity.WARNING,
        rationale=(
            "XML can declare entities: nested ones expand a kilobyte into gigabytes (billion "
            "laughs) and external ones read local files or make the server fetch URLs (XXE). "
            "`xml.etree`, `minidom` and `sax` expand internal entities, and an lxml "
            "`XMLParser(resolve_entities=True)` or `no_network=False` resolves external ones. "
            "Parse documents from outside with `defusedxml` (`defusedxml.ElementTree.fromstring`), "
            "which refuses entity declarations."
        ),
        bad="import xml.etree.ElementTree as ET\n\ndef read(body):\n    return ET.fromstring(body)",
        good="import defusedxml.ElementTree as ET\n\ndef read(body):\n    return ET.fromstring(body)",
        cwe=(611, 776),
    )
    node_types = (ast.Call,)
    call_qualified = XML_PARSES | LXML_PARSER

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        name = ctx.scopes.qualified(node.func)
        if name in LXML_PARSER:
            for key, bad in (("resolve_entities", is_true), ("no_network", is_false)):
                kw = kwarg(node, key)
                if kw is not None and bad(kw.value):
                    ctx.report(
                        kw,
                        f"an lxml parser with `{key}={kw.value.value!r}` "  # type: ignore[attr-defined]
                        "resolves external entities (XXE)",
                    )
            return
        if not node.args or isinstance(node.args[0], ast.Starred):
            return
        if is_fixed(ctx, node.args[0], node) or _own_parser(node, name or ""):
            return
        ctx.report(
            node,
            f"`{dotted_name(node.func) or name}` parses XML made at run time and expands its "
            "entities; use `defusedxml`",
        )

"""BA132: a template the handler renders outputs values unescaped (reported at the render call)."""

from __future__ import annotations

import ast
from typing import ClassVar, cast

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.templates import find_template, template_text, unescaped

# the call and the index of its template name argument
RENDER_CALLS = {
    "flask.render_template": 0,
    "quart.render_template": 0,
    "django.shortcuts.render": 1,
    "django.shortcuts.render_to_response": 0,
    "django.template.loader.render_to_string": 0,
    "django.template.loader.get_template": 0,
    "django.template.response.TemplateResponse": 1,
}
# ``templates.TemplateResponse(request, "x.html")`` / ``("x.html", {...})`` (Starlette,
# FastAPI's Jinja2Templates), ``env.get_template("x.html")`` (Jinja2)
METHOD_CALLS = frozenset({"TemplateResponse", "get_template"})
SHOWN = 3


def _template_name(call: ast.Call, ctx: FileContext) -> ast.Constant | None:
    name = ctx.scopes.qualified(call.func)
    index = RENDER_CALLS.get(name or "")
    if index is None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and func.attr in METHOD_CALLS):
            return None
        index = 0
    keyed = next((k.value for k in call.keywords if k.arg in ("template_name", "name")), None)
    candidates = [keyed] if keyed is not None else call.args[index : index + 2]
    for arg in candidates:
        if (
            isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and arg.value.endswith((".html", ".htm", ".jinja", ".jinja2", ".j2", ".txt", ".xml"))
        ):
            return arg
    return None


@register
class TemplateUnescapedOutput(Rule):
    info = RuleInfo(
        code="BA132",
        name="template-unescaped-output",
        summary="A template the handler renders outputs values without escaping.",
        severity=Severity.WARNING,
        rationale=(
            "Jinja2 and Django escape `{{ value }}` for HTML, but `|safe`, `{% autoescape off "
            "%}` and `Markup(...)` switch that off, a value inside `<script>` is JavaScript "
            "(HTML escaping does not stop `</script>` or `'; alert(1); '`), and a value in an "
            "attribute without quotes ends at the first space (`href={{ url }}` takes "
            "`x onmouseover=...`). Any of them with a user's text is cross-site scripting. "
            "Escape for the place: quote attributes, pass data to scripts with `|tojson` or "
            "Django's `json_script`, and keep `|safe` for HTML the code built and escaped. "
            "The finding stands at the render call and names the template's line."
        ),
        bad='return render_template("post.html", post=post)\n'
        "# post.html: <div>{{ post.body|safe }}</div>",
        good='return render_template("post.html", post=post)\n'
        "# post.html: <div>{{ post.body }}</div>",
        cwe=(79,),
    )
    # reads the project's template files (the lone ``bad`` example has none beside it)
    reads_index: ClassVar[bool] = True
    node_types = (ast.Call,)
    call_qualified = frozenset(RENDER_CALLS)
    call_names = METHOD_CALLS

    def visit(self, node: ast.AST, ctx: FileContext) -> None:
        node = cast(ast.Call, node)
        literal = _template_name(node, ctx)
        if literal is None:
            return
        assert isinstance(literal.value, str)
        path = find_template(ctx, literal.value)
        if path is None:
            return
        found = unescaped(template_text(path))
        if not found:
            return
        shown = "; ".join(f"line {u.line}: {u.what}" for u in found[:SHOWN])
        more = f" (and {len(found) - SHOWN} more)" if len(found) > SHOWN else ""
        ctx.report(
            literal,
            f"`{literal.value}` outputs values unescaped: {shown}{more}",
        )

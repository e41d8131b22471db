"""The route card: everything the index knows about one endpoint, as Markdown."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from ..core.model import Finding, Route, SchemaModel
from ..index.project import ProjectIndex

FRAMEWORK_NAMES = {
    "fastapi": "FastAPI",
    "flask": "Flask",
    "starlette": "Starlette",
    "django": "Django",
    "drf": "Django REST framework",
    "graphql": "GraphQL",
    "aiohttp": "aiohttp",
    "connexion": "Connexion",
    "litestar": "Litestar",
}
MAX_FIELDS = 12


def _fields(schema: SchemaModel | None) -> str:
    if schema is None or not schema.fields:
        return ""
    shown = [
        f"`{f.name}: {f.annotation or 'Any'}`" + ("" if f.required else " (optional)")
        for f in schema.fields[:MAX_FIELDS]
    ]
    more = len(schema.fields) - MAX_FIELDS
    return " — " + ", ".join(shown) + (f", … {more} more" if more > 0 else "")


def _model_line(label: str, name: str | None, index: ProjectIndex | None) -> str | None:
    if not name:
        return None
    schema = index.schema(name) if index is not None else None
    return f"**{label}** `{name}`{_fields(schema)}"


def _relative(path: str, root: str | None) -> str:
    if root:
        rel = os.path.relpath(path, root)
        if not rel.startswith(".."):
            return rel
    return path


def _code_list(text: str) -> str:
    return ", ".join(f"`{part.strip()}`" for part in text.split(","))


def route_card(
    route: Route,
    index: ProjectIndex | None = None,
    findings: Iterable[Finding] = (),
) -> str:
    root = index.root if index is not None else None
    lines = [f"### `{route.label}`", ""]
    meta = [FRAMEWORK_NAMES.get(route.framework, route.framework)]
    if route.is_async:
        meta.append("async")
    if not route.reachable:
        meta.append("not included in any app found in the workspace")
    graphql = route.framework == "graphql"
    if graphql:
        meta.append(
            f"served at {_code_list(route.endpoint)}" if route.endpoint else "endpoint not found"
        )
    lines.append(f"`{route.handler}` · {' · '.join(meta)}")
    lines.append("")
    automatic = [m for m in route.automatic if m not in route.methods]
    if automatic:
        name = FRAMEWORK_NAMES.get(route.framework, route.framework)
        lines += [f"*{name} also answers {_code_list(', '.join(automatic))} here itself*", ""]
    if "{?" in route.path:
        lines += ["*Part of the path could not be worked out from the source: shown as `{?…}`*", ""]
    if route.auth:
        auth = "; ".join(
            f"`{a.name}`"
            + (f" scopes {', '.join(a.scopes)}" if a.scopes else "")
            + f" ({a.level}, "
            + (
                "identifies the caller without requiring one, "
                if a.kind == "authentication"
                else ""
            )
            + f"{_relative(a.origin, root)})"
            for a in route.auth
        )
        lines.append(f"**Auth** {auth}")
    else:
        lines.append("**Auth** none found (no dependency, decorator or hook requires a user)")
    lines.append("")
    params = [p for p in route.parameters if p.kind not in {"request"}]
    if params:
        lines += ["| parameter | in | type | default |", "|---|---|---|---|"]
        for p in params:
            default = p.default or ""
            if len(default) > 40:
                default = default[:37] + "…"
            cells = [
                f"`{p.name}`",
                p.kind,
                f"`{p.annotation or 'Any'}`",
                f"`{default}`" if default else "",
            ]
            # a `|` inside a cell (``str | None``) would split it, code span or not
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    for line in (
        _model_line("Request body", route.request_model, index),
        _model_line("Returns" if graphql else "Response", route.response_model, index),
    ):
        if line:
            lines += [line, ""]
    if not graphql:  # a GraphQL operation answers 200 whatever happens; errors are in the body
        status = route.status_code
        codes = [f"{status} (declared)" if status else "200 (default)"]
        for code, detail in route.raises:
            codes.append(f"{code if code is not None else '?'} {detail}".strip())
        lines.append("**Status codes** " + " · ".join(codes))
    findings = list(findings)
    if findings:
        lines += ["", "**Findings**"]
        for f in findings:
            lines.append(f"- `{f.code}` line {f.span.start.line + 1}: {f.message}")
    if route.docstring:
        lines += ["", "---", "", route.docstring.strip()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"


MAX_GENERATED = 30


def generated_title(routes: list[Route]) -> str:
    """A lens's title for the routes a framework adds at one place."""
    name = FRAMEWORK_NAMES.get(routes[0].framework, routes[0].framework)
    if len(routes) == 1:
        return f"{routes[0].label} (added by {name})"
    return f"{len(routes)} routes added by {name}"


def generated_card(routes: list[Route], index: ProjectIndex | None = None) -> str:
    """One card for the routes a framework adds itself at one place (an app's construction,
    ``add_static``): their handlers are the library's, so no body, findings or status codes."""
    root = index.root if index is not None else None
    name = FRAMEWORK_NAMES.get(routes[0].framework, routes[0].framework)
    noun = "route" if len(routes) == 1 else "routes"
    lines = [f"### {len(routes)} {noun} {name} adds itself", ""]
    lines += ["| route | served by | auth |", "|---|---|---|"]
    for r in routes[:MAX_GENERATED]:
        auth = ", ".join(
            f"`{a.name}` ({_relative(a.origin, root)})" for a in r.auth if not a.public
        )
        cells = [f"`{r.label}`", f"`{r.handler}`", auth or "none"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    more = len(routes) - MAX_GENERATED
    if more > 0:
        lines += ["", f"… {more} more"]
    return "\n".join(lines).rstrip() + "\n"


def route_cards(
    routes: list[Route], index: ProjectIndex | None, findings: Iterable[Finding] = ()
) -> str:
    """One card per route; a handler serving several paths shows each; the routes a framework
    adds itself, one card for all of them."""
    all_findings = list(findings)
    parts = []
    generated = [r for r in routes if r.generated]
    if generated:
        parts.append(generated_card(generated, index))
    for r in (r for r in routes if not r.generated):
        mine = [
            f for f in all_findings if r.body_span is not None and r.body_span.contains_span(f.span)
        ]
        parts.append(route_card(r, index, mine))
    return "\n---\n\n".join(parts)

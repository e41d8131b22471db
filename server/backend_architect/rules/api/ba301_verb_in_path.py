"""BA301 verb-in-path: a route path segment that is a verb (/getUsers, /create-order)."""

from __future__ import annotations

import re

from ...core.model import Severity, Span
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.handlers import handlers
from ..support.responses import renders_page

# Verbs that name an action rather than a resource. Matched against whole path segments (or
# their first word: ``createUser``, ``get-users``, ``delete_item``).
# Words that are also common resource names (post, patch, set, change, new) are left out.
VERBS = (
    "get|fetch|retrieve|read|list|create|add|insert|make|update|edit|modify|"
    "delete|remove|destroy|del|save"
)

VERB_SEGMENT_RE = re.compile(rf"^(?i:{VERBS})(?:$|[-_.]|(?=[A-Z]))")


@register
class VerbInPath(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA301",
        name="verb-in-path",
        summary="Route path contains a verb; name the resource and let the HTTP method say the action.",
        severity=Severity.WARNING,
        rationale=(
            "REST paths name resources (`/users/{id}`); the method says what happens to them. "
            "`POST /createUser` or `GET /users/get/{id}` duplicates the method in the path, "
            "makes the API inconsistent, and hides that one resource has several URLs. "
            "Handlers that answer a browser (render a template or redirect, as a form's "
            "`POST /posts/<id>/delete` does) are left alone: HTML forms only send GET and POST, "
            "so there the action has to be in the path."
        ),
        bad='@router.post("/users/create")\ndef create_user(user: UserIn): ...',
        good='@router.post("/users", status_code=201)\ndef create_user(user: UserIn): ...',
    )

    def check_file(self, ctx: FileContext) -> None:
        pages = {route.span for fn, routes in handlers(ctx) if renders_page(fn) for route in routes}
        for route in ctx.routes():
            # a GraphQL mutation is named for its action (createUser): no path to judge; a
            # websocket is a channel, not a resource (``/ws/subscribe``)
            if route.decorator_span is None or route.framework == "graphql" or route.is_websocket:
                continue
            # an HTML form's page (``/posts/<id>/update`` rendering a template): browsers
            # only GET and POST, so the action is in the path by necessity, not design
            if route.span in pages:
                continue
            segments = [s for s in route.local_path.split("/") if s and not s.startswith("{")]
            verb = next((s for s in segments if VERB_SEGMENT_RE.match(s)), None)
            if verb is None:
                continue
            span = self._segment_span(ctx, route.decorator_span, verb) or route.decorator_span
            ctx.report(
                span,
                f"`{route.label}`: the path segment `{verb}` is a verb; name the resource and "
                "let the HTTP method carry the action",
            )

    @staticmethod
    def _segment_span(ctx: FileContext, decorator: Span, segment: str) -> Span | None:
        """The segment inside the decorator's path string, for a precise squiggle."""
        for line_no in range(decorator.start.line, decorator.end.line + 1):
            line = ctx.lines[line_no] if line_no < len(ctx.lines) else ""
            start = decorator.start.column if line_no == decorator.start.line else 0
            for m in re.finditer(re.escape(segment), line[start:]):
                col = start + m.start()
                before = line[col - 1] if col > 0 else ""
                if before in "/\"'{":
                    return Span.of(line_no, col, line_no, col + len(segment))
        return None

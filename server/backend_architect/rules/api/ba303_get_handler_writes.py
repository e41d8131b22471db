"""BA303 get-handler-writes: a GET handler that changes stored data."""

from __future__ import annotations

import re

from ...core.model import Severity
from ..file_context import FileContext
from ..registry import Rule, register
from ..rule_info import RuleInfo
from ..support.handler_writes import writes
from ..support.handlers import handlers

# GET links that change state by design: e-mail confirmation, unsubscribe, OAuth callbacks.
# GETs that change state by design: links followed from an e-mail (confirm, verify, activate,
# unsubscribe; a path carrying a token or secret) and returns from an identity or payment
# provider (callback, return, oauth)
LINK_FLOW_RE = re.compile(
    r"(?i)(?:^|[-_/.])(?:(?:confirm|verif|activat)[a-z]*|unsubscribe|callback|return|oauth2?|"
    r"logout|magic)(?:$|[-_/.])"
    r"|\{(?:[a-z]+_)?(?:token|secret|hash|signature)\}"
)


@register
class GetWrites(Rule):
    scope = "handler"  # each handler judged on its own (rules/incremental.py)
    info = RuleInfo(
        code="BA303",
        name="get-handler-writes",
        summary="GET handler changes stored data.",
        severity=Severity.WARNING,
        rationale=(
            "GET must be safe: browsers prefetch it, crawlers follow it, proxies and CDNs cache "
            "and retry it. A GET that adds, updates or deletes rows changes data when nobody "
            "meant to, and cannot be protected by CSRF tokens. Writes are recognised on a "
            "session (`add`, `delete`, `execute` of INSERT/UPDATE/DELETE), a Django manager or "
            "queryset (`create`, `update`, `delete`), an instance's `save()`/`delete()` and "
            "MongoDB write methods. Links that change state by design (confirm, verify, "
            "unsubscribe, OAuth callbacks) are left alone."
        ),
        bad='@app.get("/items/{item_id}")\ndef read_item(item_id: int, db: Session):\n'
        "    item = db.get(Item, item_id)\n    item.views += 1\n    db.commit()\n    return item",
        good='@app.get("/items/{item_id}")\ndef read_item(item_id: int, db: Session):\n'
        "    return db.get(Item, item_id)",
    )

    def check_file(self, ctx: FileContext) -> None:
        for fn, routes in handlers(ctx):
            methods = {m for r in routes for m in r.methods}
            if methods - {"GET", "HEAD", "OPTIONS"} or "GET" not in methods:
                continue  # a view that also answers POST writes on that branch
            if any(LINK_FLOW_RE.search(r.path) for r in routes) or LINK_FLOW_RE.search(fn.name):
                continue
            found = writes(fn)
            if found:
                call, _ = found[0]
                ctx.report(
                    call,
                    f"`{routes[0].label}` changes stored data in a GET handler; use "
                    "POST/PUT/PATCH/DELETE for changes",
                )

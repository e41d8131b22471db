"""What of a committed operation the code's contract no longer honours, in a client's words.

Only what breaks a client counts: a parameter or field removed (or renamed), a type changed in
the direction that hurts (a request must still accept what it accepted; a response must still
only send what it sent), a parameter or field made required, a request body now required, a
success status changed, authentication now required. Additions (an optional parameter, a new
response field, a new operation) are compatible. A type either side cannot say (unresolved,
undeclared) is not compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema_shapes import MAX_DEPTH, Resolve, array_items, covered, json_types, object_schema, show

_LOCATIONS = ("query", "header", "cookie")


def local_resolver(components: dict[str, Any]) -> Resolve:
    """``$ref``s into the code's own components (``#/components/schemas/Name``)."""

    def resolve(node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 16:
            name = node["$ref"].rpartition("/")[2]
            node, seen = components.get(name, {}), seen + 1
        return node

    return resolve


def breaking_changes(
    old: dict[str, Any], old_resolve: Resolve, new: dict[str, Any], new_resolve: Resolve
) -> list[str]:
    c = _Comparison(old_resolve, new_resolve)
    c.parameters(old, new)
    c.request_body(old, new)
    c.responses(old, new)
    if new.get("security") and not old.get("security"):
        c.out.append("authentication is now required")
    return c.out


@dataclass(frozen=True)
class _Where:
    request: bool  # a request must still accept all it accepted; a response send only what it sent
    root: str  # "request body", "response", "query parameter `q`"
    path: str = ""  # the field inside it: "items[].price"

    @property
    def parameter(self) -> bool:
        return not self.path and "parameter" in self.root

    @property
    def label(self) -> str:
        if not self.path:
            return self.root
        if not self.root.endswith(("body", "response")):
            return f"{self.root} field `{self.path}`"
        return f"{'request' if self.request else 'response'} field `{self.path}`"

    def inside(self, step: str) -> _Where:
        joined = self.path + step if step == "[]" or not self.path else f"{self.path}.{step}"
        return _Where(self.request, self.root, joined)


def _params(op: dict[str, Any], resolve: Resolve) -> list[dict[str, Any]]:
    found = [resolve(p) for p in op.get("parameters", []) if isinstance(p, dict)]
    return [p for p in found if isinstance(p, dict) and isinstance(p.get("name"), str)]


def _content(body: Any, resolve: Resolve) -> tuple[str, Any] | None:
    body = resolve(body)
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    media = next((m for m in content if "json" in m), next(iter(content)))
    entry = content[media]
    return media, (entry.get("schema") if isinstance(entry, dict) else None)


def _media_kind(media: str) -> str:
    media = media.split(";")[0].strip().lower()
    return "json" if "json" in media else media


def _success(op: dict[str, Any]) -> str | None:
    responses = op.get("responses")
    if not isinstance(responses, dict):
        return None
    codes = sorted(str(c) for c in responses if str(c).startswith("2"))
    return codes[0] if codes else None


class _Comparison:
    def __init__(self, old_resolve: Resolve, new_resolve: Resolve) -> None:
        self.old_resolve, self.new_resolve = old_resolve, new_resolve
        self.out: list[str] = []

    def parameters(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        olds, news = _params(old, self.old_resolve), _params(new, self.new_resolve)
        # path parameters by position: their names never reach the wire
        old_path = [p for p in olds if p.get("in") == "path"]
        new_path = [p for p in news if p.get("in") == "path"]
        for o, n in zip(old_path, new_path, strict=False):
            self.schema(
                o.get("schema"), n.get("schema"), _Where(True, f"path parameter `{n['name']}`")
            )
        for loc in _LOCATIONS:
            self._located(
                loc,
                [p for p in olds if p.get("in") == loc],
                [p for p in news if p.get("in") == loc],
            )

    def _located(self, loc: str, olds: list[dict[str, Any]], news: list[dict[str, Any]]) -> None:
        def key(p: dict[str, Any]) -> str:
            return str(p["name"]).lower() if loc == "header" else str(p["name"])

        o_by, n_by = {key(p): p for p in olds}, {key(p): p for p in news}
        removed = [k for k in o_by if k not in n_by]
        added = [k for k in n_by if k not in o_by]
        renamed = len(removed) == 1 and len(added) == 1
        for k in removed:
            name = o_by[k]["name"]
            if renamed:
                self.out.append(f"{loc} parameter `{name}` renamed to `{n_by[added[0]]['name']}`")
            else:
                self.out.append(f"{loc} parameter `{name}` removed")
        for k in added:
            if n_by[k].get("required") and not renamed:
                self.out.append(f"new required {loc} parameter `{n_by[k]['name']}`")
        for k in (k for k in o_by if k in n_by):
            o, n = o_by[k], n_by[k]
            label = f"{loc} parameter `{n['name']}`"
            if n.get("required") and not o.get("required"):
                self.out.append(f"{label} is now required")
            self.schema(o.get("schema"), n.get("schema"), _Where(True, label))

    def request_body(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        o_body = self.old_resolve(old.get("requestBody"))
        n_body = self.new_resolve(new.get("requestBody"))
        if not isinstance(n_body, dict) or not n_body:
            return  # no body read any more: what clients send is ignored, not refused
        if not isinstance(o_body, dict) or not o_body:
            if n_body.get("required"):
                self.out.append("a request body is now required")
            return
        if n_body.get("required") and not o_body.get("required"):
            self.out.append("the request body is now required")
        o, n = _content(o_body, self.old_resolve), _content(n_body, self.new_resolve)
        if o is None or n is None:
            return
        if _media_kind(o[0]) != _media_kind(n[0]):
            self.out.append(f"request body media type changed from {o[0]} to {n[0]}")
            return
        self.schema(o[1], n[1], _Where(True, "request body"))

    def responses(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        o_code, n_code = _success(old), _success(new)
        if o_code is None or n_code is None:
            return
        if o_code != n_code and o_code != "2XX":
            self.out.append(f"success status changed from {o_code} to {n_code}")
        o = _content(old["responses"][o_code], self.old_resolve)
        n = _content(new["responses"][n_code], self.new_resolve)
        if o is None or n is None:
            return  # a body that was not (or is no longer) declared: nothing to compare
        self.schema(o[1], n[1], _Where(False, "response"))

    def schema(self, old: Any, new: Any, where: _Where, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            return
        o_types, n_types = json_types(old, self.old_resolve), json_types(new, self.new_resolve)
        if o_types is None or n_types is None:
            return
        if where.parameter:  # on the wire a parameter is text: null is absence, a string takes all
            o_types, n_types = o_types - {"null"}, n_types - {"null"}
            if "string" in n_types or not o_types or not n_types:
                return
        if where.request:
            broken = any(not covered(t, n_types) for t in o_types)
        else:
            broken = any(not covered(t, o_types) for t in n_types)
        if broken:
            self.out.append(f"{where.label} type changed from {show(o_types)} to {show(n_types)}")
            return
        o_obj, n_obj = object_schema(old, self.old_resolve), object_schema(new, self.new_resolve)
        if o_obj is not None and n_obj is not None:
            self.fields(o_obj, n_obj, where, depth)
            return
        o_items, n_items = array_items(old, self.old_resolve), array_items(new, self.new_resolve)
        if o_items is not None and n_items is not None:
            self.schema(o_items, n_items, where.inside("[]"), depth + 1)

    def fields(self, old: dict[str, Any], new: dict[str, Any], where: _Where, depth: int) -> None:
        o_props, n_props = old["properties"], new["properties"]
        o_req, n_req = set(old.get("required", [])), set(new.get("required", []))
        removed = [k for k in o_props if k not in n_props]
        added = [k for k in n_props if k not in o_props]
        renamed = len(removed) == 1 and len(added) == 1
        for name in removed:
            label = where.inside(name).label
            self.out.append(f"{label} renamed to `{added[0]}`" if renamed else f"{label} removed")
        for name in added:
            if where.request and name in n_req and not renamed:
                self.out.append(f"new required {where.inside(name).label}")
        for name in (k for k in o_props if k in n_props):
            inner = where.inside(name)
            if where.request and name in n_req and name not in o_req:
                self.out.append(f"{inner.label} is now required")
            if not where.request and name in o_req and name not in n_req:
                self.out.append(f"{inner.label} may now be missing")
            self.schema(o_props[name], n_props[name], inner, depth + 1)

"""The contracts as Markdown: one section per endpoint, in the order a front-end developer reads
it (URL, auth, parameters, body, success, errors, rate limits, curl, TypeScript)."""

from __future__ import annotations

import json
import shlex
from typing import Any

from ...index.contracts.contract import Contract
from .samples import sample
from .typescript import _refs, declarations, ts_name, ts_type


def render_markdown(title: str, contracts: list[Contract], components: dict[str, Any]) -> str:
    out = [f"# {title} API", "", f"{len(contracts)} operation(s), written from the code.", ""]
    for c in contracts:
        out.append(render_contract(c, components))
    return "\n".join(out).rstrip() + "\n"


def _schema_text(schema: Any) -> str:
    return "`" + short_type(schema) + "`"


def short_type(schema: Any) -> str:
    """``integer``, ``array of Item``, ``string or null``: a schema in a table cell."""
    if not isinstance(schema, dict) or not schema:
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"].rsplit("/", 1)[-1])
    if "x-unresolved" in schema:
        return f"unresolved: {schema['x-unresolved']}"
    if "anyOf" in schema:
        return " or ".join(short_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v) for v in schema["enum"])
    if "const" in schema:
        return json.dumps(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "array of " + short_type(schema.get("items", {}))
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def render_contract(
    c: Contract, components: dict[str, Any], base_url: str = "http://localhost:8000"
) -> str:
    op = c.operation
    lines = [f"## `{c.method} {c.path}`", ""]
    if op.get("summary"):
        lines += [f"**{op['summary']}**: `{c.route.handler}`", ""]
    if op.get("description"):
        lines += [op["description"], ""]
    if op.get("deprecated"):
        lines += ["Deprecated.", ""]
    lines += _auth(c)
    params = op.get("parameters", [])
    if params:
        lines += ["**Parameters**", "", "| name | in | type | required | default | constraints |"]
        lines.append("|---|---|---|---|---|---|")
        for p in params:
            schema = p.get("schema", {})
            default = json.dumps(schema["default"]) if "default" in schema else ""
            rules = ", ".join(
                f"{k} {schema[k]}"
                for k in (
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "minLength",
                    "maxLength",
                    "pattern",
                )
                if k in schema
            )
            lines.append(
                f"| `{p['name']}` | {p['in']} | {_schema_text(schema)} | "
                f"{'yes' if p.get('required') else 'no'} | {default} | {rules} |"
            )
        lines.append("")
    body = op.get("requestBody")
    body_sample = None
    body_media = "application/json"
    if body:
        body_media, media = next(iter(body["content"].items()))
        schema = media.get("schema", {})
        body_sample = sample(schema, components)
        lines += [
            f"**Request body** ({body_media}{', required' if body.get('required') else ''}): {_schema_text(schema)}",
            "",
            "```json",
            json.dumps(body_sample, indent=2),
            "```",
            "",
        ]
    responses = op.get("responses", {})
    success = [(code, r) for code, r in responses.items() if code.startswith("2")]
    for code, r in success:
        content = r.get("content")
        if content:
            media_type, media = next(iter(content.items()))
            schema = media.get("schema", {})
            lines += [f"**Response {code}** ({media_type}): {_schema_text(schema)}", ""]
            if schema:
                lines += ["```json", json.dumps(sample(schema, components), indent=2), "```", ""]
        else:
            lines += [f"**Response {code}**: no body", ""]
    errors = [(code, r) for code, r in responses.items() if not code.startswith("2")]
    if errors:
        lines += ["**Errors**", "", "| status | when | body |", "|---|---|---|"]
        for code, r in errors:
            content = r.get("content", {})
            shape = _schema_text(next(iter(content.values())).get("schema")) if content else ""
            lines.append(f"| {code} | {r.get('description', '')} | {shape} |")
        lines.append("")
    if c.rate_limits:
        lines += ["**Rate limit**: " + ", ".join(c.rate_limits), ""]
    lines += ["**curl**", "", "```sh", _curl(c, base_url, body_media, body_sample), "```", ""]
    ts = _typescript(c, components)
    if ts:
        lines += ["**TypeScript**", "", "```ts", ts, "```", ""]
    return "\n".join(lines)


def _auth(c: Contract) -> list[str]:
    reqs = [a for a in c.route.auth if a.kind == "permission" and not a.public]
    schemes = list(c.security_schemes.items())
    if not reqs and not schemes:
        public = any(a.public for a in c.route.auth)
        return ["**Auth**: none" + (" (opened on purpose)" if public else ""), ""]
    parts = [
        f"`{a.name}` ({a.level}, {a.origin}{', scopes ' + ', '.join(a.scopes) if a.scopes else ''})"
        for a in reqs
    ]
    parts += [
        f"{name}: {scheme.get('type')} {scheme.get('scheme', scheme.get('in', ''))}".rstrip()
        for name, scheme in schemes
    ]
    return ["**Auth**: " + "; ".join(parts), ""]


def _curl(c: Contract, base_url: str, media: str, body: Any) -> str:
    path = c.path
    query = []
    headers = []
    for p in c.operation.get("parameters", []):
        value = sample(p.get("schema", {}), {}) if p.get("schema") else "value"
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", str(value))
        elif p["in"] == "query" and p.get("required"):
            query.append(f"{p['name']}={value}")
        elif p["in"] == "header":
            headers.append(f"{p['name']}: {value}")
    url = base_url + path + ("?" + "&".join(query) if query else "")
    parts = ["curl", "-X", c.method, shlex.quote(url)]
    if c.security_schemes:
        parts += ["-H", shlex.quote("Authorization: Bearer $TOKEN")]
    for h in headers:
        parts += ["-H", shlex.quote(h)]
    if body is not None:
        if media == "application/json":
            parts += ["-H", shlex.quote("Content-Type: application/json")]
            parts += ["-d", shlex.quote(json.dumps(body))]
        elif isinstance(body, dict):
            flag = "-F" if media == "multipart/form-data" else "-d"
            for k, v in body.items():
                parts += [flag, shlex.quote(f"{k}={v}")]
    return " ".join(parts)


def _typescript(c: Contract, components: dict[str, Any]) -> str:
    op = c.operation
    names: list[str] = []
    inline: list[str] = []
    base = ts_name(c.route.handler.rpartition(":")[2].replace(".", "_"))
    pascal = "".join(part[:1].upper() + part[1:] for part in base.split("_"))
    body = op.get("requestBody")
    if body:
        schema = next(iter(body["content"].values())).get("schema", {})
        inline.append(f"export type {pascal}Request = {ts_type(schema)};")
        names += _refs(schema)
    for code, r in op.get("responses", {}).items():
        if code.startswith("2") and r.get("content"):
            schema = next(iter(r["content"].values())).get("schema", {})
            inline.append(f"export type {pascal}Response = {ts_type(schema)};")
            names += _refs(schema)
    shared = declarations(names, components)
    return "\n\n".join(x for x in [shared, "\n".join(inline)] if x)

"""VS Code's settings, generated from the one list the server reads (``config.Settings`` and
``config.SETTING_DOCS``): the ``contributes.configuration`` and the workspace-trust section of
vscode-client/package.json. The extension forwards every setting its package.json declares
(except its own ``server.*`` and ``trace.*``), so this is the only place the list is written.

    python scripts/vscode_settings.py          # rewrite vscode-client/package.json
    python scripts/vscode_settings.py --check  # exit 1 when it is stale (tests do this too)
"""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

from backend_architect.config import SETTING_DOCS, Settings

REPO = Path(__file__).resolve().parents[1]
PACKAGE_JSON = REPO / "vscode-client" / "package.json"
SECTION = "backendArchitect"
# the extension's own settings: they say how to start the server, so they are kept as written
CLIENT_PREFIXES = (f"{SECTION}.server.", f"{SECTION}.trace.")
# the extension's settings that start a program: a workspace must not choose them
CLIENT_RESTRICTED = [f"{SECTION}.server.command", f"{SECTION}.server.interpreter"]
SECRET = {"anthropic_api_key"}  # VS Code keeps it in its secret storage
REGENERATE = "python scripts/vscode_settings.py"


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def schema_of(hint: Any) -> dict[str, Any]:
    """The JSON Schema of a field's type (the few shapes Settings uses)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        assert len(inner) == 1, hint
        schema = schema_of(inner[0])
        return {**schema, "type": [schema["type"], "null"]}
    if origin is list:
        return {"type": "array", "items": schema_of(args[0])}
    if origin is dict:
        return {"type": "object", "additionalProperties": schema_of(args[1])}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"type": "string", "enum": [m.value for m in hint]}
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    assert hint in simple, f"no JSON Schema for {hint!r}: add it here"
    return {"type": simple[hint]}


def default_of(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default


def server_properties() -> dict[str, dict[str, Any]]:
    hints = typing.get_type_hints(Settings)
    fields = [f for f in dataclasses.fields(Settings) if f.name not in SECRET]
    missing = [f.name for f in fields if f.name not in SETTING_DOCS]
    assert not missing, f"config.SETTING_DOCS has no text for {missing}"
    out: dict[str, dict[str, Any]] = {}
    for f in fields:
        doc = SETTING_DOCS[f.name]
        default = default_of(f)
        prop = {**schema_of(hints[f.name]), **doc.schema}
        prop["default"] = default.value if isinstance(default, enum.Enum) else default
        prop["markdownDescription"] = doc.text
        out[f"{SECTION}.{camel(f.name)}"] = prop
    return out


def render(manifest: dict[str, Any]) -> dict[str, Any]:
    """``manifest`` with its server settings and its trust section made from config.py."""
    configuration = manifest["contributes"]["configuration"]
    client = {k: v for k, v in configuration["properties"].items() if k.startswith(CLIENT_PREFIXES)}
    configuration["properties"] = {**client, **server_properties()}
    restricted = CLIENT_RESTRICTED + [
        f"{SECTION}.{camel(name)}" for name, doc in SETTING_DOCS.items() if doc.restricted
    ]
    manifest["capabilities"] = {
        "untrustedWorkspaces": {
            "supported": "limited",
            "description": "In an untrusted workspace the server runs, but the settings that "
            "choose a program, the API's address or where files are written are read from your "
            "user settings only, and the Anthropic API key is not handed to the server.",
            "restrictedConfigurations": restricted,
        }
    }
    return manifest


def rendered_text() -> str:
    manifest = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))
    return json.dumps(render(manifest), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = rendered_text()
    if "--check" in argv:
        if PACKAGE_JSON.read_text(encoding="utf-8") != text:
            print(f"{PACKAGE_JSON} is stale; regenerate it with: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    PACKAGE_JSON.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Every server setting reaches the server from VS Code: the extension forwards it and declares
it (so the Settings UI offers it); the API key alone travels through SecretStorage."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from backend_architect.config import Settings

CLIENT = Path(__file__).resolve().parents[1] / "vscode-client"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def test_the_extension_forwards_and_declares_every_setting() -> None:
    fields = {_camel(f.name) for f in dataclasses.fields(Settings)} - {"anthropicApiKey"}
    source = (CLIENT / "src" / "extension.ts").read_text(encoding="utf-8")
    block = re.search(r"const SERVER_SETTINGS = \[(.*?)\];", source, re.S)
    assert block is not None
    forwarded = set(re.findall(r'"(\w+)"', block.group(1)))
    assert forwarded == fields
    manifest = json.loads((CLIENT / "package.json").read_text(encoding="utf-8"))
    declared = {
        key.removeprefix("backendArchitect.")
        for key in manifest["contributes"]["configuration"]["properties"]
    }
    assert fields <= declared, sorted(fields - declared)

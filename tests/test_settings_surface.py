"""Every server setting reaches the server from VS Code, from one list: config.py's ``Settings``
(with ``SETTING_DOCS``) generates vscode-client/package.json's settings and its workspace-trust
section (scripts/vscode_settings.py), and the extension forwards what package.json declares.
The API key alone travels through SecretStorage."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
from types import ModuleType

from _support import REPO
from backend_architect.config import SETTING_DOCS, Settings, apply

CLIENT = REPO / "vscode-client"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "vscode_settings", REPO / "scripts" / "vscode_settings.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()
MANIFEST = json.loads((CLIENT / "package.json").read_text(encoding="utf-8"))


def test_package_json_is_generated_from_config_py() -> None:
    current = (CLIENT / "package.json").read_text(encoding="utf-8")
    assert current == GEN.rendered_text(), f"package.json is stale; run: {GEN.REGENERATE}"


def test_the_manifest_declares_every_setting_and_nothing_else() -> None:
    fields = {GEN.camel(f.name) for f in dataclasses.fields(Settings)} - {"anthropicApiKey"}
    declared = {
        key.removeprefix("backendArchitect.")
        for key in MANIFEST["contributes"]["configuration"]["properties"]
    }
    client_only = {k for k in declared if k.startswith(("server.", "trace."))}
    assert client_only == {"server.command", "server.interpreter", "trace.server"}
    assert declared - client_only == fields
    assert set(SETTING_DOCS) == {f.name for f in dataclasses.fields(Settings)} - {
        "anthropic_api_key"
    }


def test_each_declared_default_is_the_servers_and_is_accepted() -> None:
    """The Settings UI shows the server's own defaults, and the server takes them back."""
    properties = MANIFEST["contributes"]["configuration"]["properties"]
    defaults = Settings()
    for f in dataclasses.fields(Settings):
        if f.name == "anthropic_api_key":
            continue
        declared = properties[f"backendArchitect.{GEN.camel(f.name)}"]["default"]
        value = getattr(defaults, f.name)
        assert declared == (value.value if hasattr(value, "value") else value), f.name
        if declared is not None:
            assert apply(Settings(), {GEN.camel(f.name): declared}, "test") == [], f.name


def test_untrusted_workspaces_may_not_choose_programs_or_the_api_address() -> None:
    trust = MANIFEST["capabilities"]["untrustedWorkspaces"]
    assert trust["supported"] == "limited"
    assert {
        "backendArchitect.server.command",
        "backendArchitect.server.interpreter",
        "backendArchitect.python",
        "backendArchitect.anthropicBaseUrl",
    } <= set(trust["restrictedConfigurations"])


def test_the_extension_keeps_no_list_of_its_own() -> None:
    """It reads the settings from its manifest (src/settings.ts), so no third list can drift."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (CLIENT / "src").glob("*.ts"))
    assert "contributes?.configuration?.properties" in sources
    for name in ("maxFileBytes", "perFileIgnores", "docsOpenapi"):
        assert not re.search(rf'"{name}"', sources), name

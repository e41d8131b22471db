"""The agent runtime: which agent, which model, which key; a cached, validated tool call.

Actions (review, document, migrate) build their context and tool schema and call
:meth:`AgentRuntime.run`; they never talk to the SDK themselves.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from ..config import Settings
from .client import AgentConfigError, AgentError, AgentRequest, Progress, ToolSpec, call_tool
from .loader import AgentFile, discover_agents
from .models import ModelError, resolve_model
from .result_cache import ResultCache, cache_key, default_cache_dir


@dataclass
class AgentResult:
    data: dict[str, Any]  # the tool input, valid against the tool's schema
    agent: str
    model: str
    cached: bool


def validate(value: Any, schema: dict[str, Any], where: str = "input") -> list[str]:
    """The JSON-schema subset tool schemas here use: type, enum, required, properties,
    additionalProperties, items, minLength, maxItems. Returns what is wrong, path by path."""
    errors: list[str] = []
    kind = schema.get("type")
    types_ok = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
    }
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(
        value is None if k == "null" else types_ok.get(k, lambda _v: True)(value) for k in kinds
    ):
        return [f"{where} should be {' or '.join(kinds)}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where} should be one of {schema['enum']}, got {value!r}")
    if isinstance(value, str) and len(value) < schema.get("minLength", 0):
        errors.append(f"{where} should not be empty")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                errors.append(f"{where}.{name} is missing")
        props = schema.get("properties", {})
        for name, item in value.items():
            if name in props:
                errors += validate(item, props[name], f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}.{name} is not expected")
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{where} has more than {schema['maxItems']} items")
        for i, item in enumerate(value):
            errors += validate(item, schema.get("items", {}), f"{where}[{i}]")
    return errors


log = logging.getLogger(__name__)
_LOGGED: set[str] = set()  # agent file problems already logged by this process


class AgentRuntime:
    def __init__(self, settings: Settings, root: str) -> None:
        self.settings = settings
        self.root = root
        self.agent_problems: list[str] = []  # set by agent()
        self.cache = ResultCache(default_cache_dir(settings.cache_dir) / "results")

    def api_key(self) -> str | None:
        """The client's setting first (an editor passes it), then ANTHROPIC_API_KEY."""
        return self.settings.anthropic_api_key or os.environ.get("ANTHROPIC_API_KEY") or None

    def agent(self) -> AgentFile:
        """The configured agent. Files of the project's or the configured folders that did not
        load (a malformed one may be the agent meant to replace the bundled one) are kept in
        ``agent_problems``, each naming the file and line and the agent used instead, and
        logged once. Blocking: async callers run it in a thread."""
        agents, problems = discover_agents(self.root, self.settings.agent_dirs)
        found = agents.get(self.settings.agent)
        if found is None:
            known = ", ".join(sorted(agents)) or "none"
            reasons = "".join(f"\n  {p.message}" for p in problems)
            raise AgentConfigError(
                f"no agent named {self.settings.agent!r} (found: {known}){reasons}"
            )
        self.agent_problems = [
            f"agent files: {p.message} (not loaded); the agent {found.name!r} used is "
            f"{found.path} ({found.source})"
            for p in problems
        ]
        for note in self.agent_problems:
            if note not in _LOGGED:
                _LOGGED.add(note)
                log.warning("%s", note)
        return found

    def model_for(self, agent: AgentFile) -> str:
        try:
            return resolve_model(agent.model, self.settings.model, self.settings.models)
        except ModelError as exc:
            raise AgentConfigError(str(exc)) from None

    async def run(
        self,
        action: str,
        agent: AgentFile,
        stable_context: str,
        focus_context: str,
        tool: ToolSpec,
        on_progress: Progress | None = None,
        use_cache: bool = True,
    ) -> AgentResult:
        key_value = self.api_key()
        if not key_value:
            raise AgentError(
                "no_key", "No Anthropic API key (ANTHROPIC_API_KEY or the anthropicApiKey setting)."
            )
        model = self.model_for(agent)
        request = AgentRequest(
            model=model,
            system=agent.system_prompt,
            stable_context=stable_context,
            focus_context=focus_context,
            tool=tool,
            max_tokens=self.settings.max_output_tokens,
        )
        key = cache_key(agent.name, action, model, request.params())
        hit = self.cache.get(key) if use_cache else None
        if hit is not None and not validate(hit, tool.input_schema):
            return AgentResult(hit, agent.name, model, cached=True)
        reply = await call_tool(
            request,
            api_key=key_value,
            base_url=self.settings.anthropic_base_url,  # None: the SDK reads ANTHROPIC_BASE_URL
            timeout=self.settings.timeout,
            max_retries=self.settings.max_retries,
            on_progress=on_progress,
        )
        problems = validate(reply.input, tool.input_schema)
        if problems:
            shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
            raise AgentError(
                "malformed",
                f"The agent's answer does not match the review tool's schema ({shown}); nothing was applied.",
            )
        data: dict[str, Any] = reply.input
        self.cache.put(key, data)
        return AgentResult(data, agent.name, model, cached=False)

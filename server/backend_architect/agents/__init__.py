"""Agent files (bundled, a workspace's ``.claude/agents/``, configured folders) and the runtime
that calls them: model table, Anthropic client, context, redaction, result cache."""

from .client import AgentConfigError, AgentError, ToolSpec
from .loader import (
    MAX_AGENT_FILE_BYTES,
    AgentFile,
    AgentProblem,
    AgentSource,
    bundled_agents_dir,
    discover_agents,
    load_agent_file,
    parse_agent_file,
)

__all__ = [
    "MAX_AGENT_FILE_BYTES",
    "AgentConfigError",
    "AgentError",
    "AgentFile",
    "AgentProblem",
    "AgentSource",
    "ToolSpec",
    "bundled_agents_dir",
    "discover_agents",
    "load_agent_file",
    "parse_agent_file",
]

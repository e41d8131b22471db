"""Agent files: the bundled agents, a workspace's ``.claude/agents/`` and configured folders."""

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
    "AgentFile",
    "AgentProblem",
    "AgentSource",
    "bundled_agents_dir",
    "discover_agents",
    "load_agent_file",
    "parse_agent_file",
]

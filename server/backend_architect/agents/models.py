"""The one table that maps model aliases to full model ids.

Agent files name a model as Claude Code does (``sonnet``, ``opus``, ``haiku``, ``inherit``) or
by full id. Ids change as models are released and retired, so they live here and nowhere else;
the ``models`` setting overrides or extends the table without a release.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_MODELS: dict[str, str] = {
    "sonnet": "claude-sonnet-4-6",
    "opus": "claude-opus-4-8",
    "haiku": "claude-haiku-4-5",
}
DEFAULT_ALIAS = "sonnet"  # what ``inherit`` (or no model at all) means here

# A full id has a family and a version ("claude-sonnet-4-6", "claude-3-5-haiku-20241022").
_FULL_ID_RE = re.compile(r"^[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*-\d[a-z0-9.-]*$")


class ModelError(ValueError):
    """A model name that is neither a known alias nor a full id (a configuration error)."""


def model_table(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    table = dict(DEFAULT_MODELS)
    table.update({k.lower(): v for k, v in (overrides or {}).items()})
    return table


def resolve_model(
    agent_model: str | None,
    configured: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """The full model id to call.

    The ``model`` setting wins (the user's explicit choice), then the agent file's ``model``;
    ``inherit`` or nothing means the default alias. Aliases go through the table, so an
    override of ``sonnet`` moves every agent that asks for it.
    """
    table = model_table(overrides)
    for name in (configured, agent_model):
        if name is None or not name.strip() or name.strip().lower() == "inherit":
            continue
        return _lookup(name.strip(), table)
    return _lookup(DEFAULT_ALIAS, table)


def _lookup(name: str, table: Mapping[str, str]) -> str:
    target = table.get(name.lower(), name)
    if target.lower() in table and table[target.lower()] != target:  # alias of an alias
        target = table[target.lower()]
    if not _FULL_ID_RE.match(target):
        known = ", ".join(sorted(table))
        raise ModelError(f"unknown model {name!r}: use one of {known}, inherit, or a full model id")
    return target

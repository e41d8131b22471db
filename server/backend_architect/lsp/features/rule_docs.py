"""Rule documentation in the editor.

Hover shows a rule's card on its code in a ``# noqa: CODE`` comment and on a finding's range:
the one hover handler (``routes.py``) calls ``Workspace.hover``, which chains the rule card
(``rules/docs.py``) before any route card. This module adds the command a client can bind to
"explain rule" (as ``ruff rule CODE`` does): it answers the card's Markdown and shows it.
"""

from __future__ import annotations

from lsprotocol import types

from ..language_server import BackendArchitectServer

EXPLAIN_RULE_COMMAND = "backend-architect.explainRule"


def explain_rule(ls: BackendArchitectServer, code: str) -> str | None:
    from ...workspace import Workspace  # on first use: see ``BackendArchitectServer.ws``

    card = Workspace.rule_card(str(code))
    if card is None:
        ls.window_show_message(
            types.ShowMessageParams(type=types.MessageType.Warning, message=f"No rule {code}.")
        )
        return None
    ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=card))
    return card


def register(server: BackendArchitectServer) -> None:
    server.command(EXPLAIN_RULE_COMMAND)(explain_rule)

"""pygls's protocol, made to answer every request and to keep the specification's line model.

pygls drops what it cannot deserialise (hover with ``"line": -1``, params missing, ``jsonrpc``
missing, a batch, a request after ``shutdown``) without a word to the client, which then waits
for ever. :meth:`BackendArchitectProtocol.receive` checks the envelope of each decoded message
and answers a request it cannot run with the error the specification names: InvalidRequest,
InvalidParams, ServerNotInitialized, or a parse error for a frame that could not be read.

Its workspace makes :class:`~.documents.SpecTextDocument` documents (lines ended by ``\\n``,
``\\r\\n``, ``\\r`` only; positions clamped).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import (
    JsonRPCNotification,
    JsonRPCRequestMessage,
    JsonRPCResponseMessage,
)
from pygls.workspace import Workspace

from .text_document import SpecWorkspace
from .wire import BadFrame

log = logging.getLogger(__name__)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002


class BackendArchitectProtocol(LanguageServerProtocol):
    @property
    def workspace(self) -> Workspace:
        ws = super().workspace
        if type(ws) is Workspace:  # made by pygls's initialize: documents on the spec's lines
            ws.__class__ = SpecWorkspace
        return ws

    @property
    def initialized(self) -> bool:
        return self._workspace is not None

    def _send_handler_result(self, future: Future[Any], *, msg_id: Any) -> None:
        """A handler that refused its request with the error the specification names (pygls's
        own InvalidParams for ``executeCommand`` arguments of the wrong type): answered with
        it and a line in the log, not a traceback and an "Error in server" popup."""
        exc = None if future.cancelled() else future.exception()
        if isinstance(exc, JsonRpcException):
            self._request_futures.pop(msg_id, None)
            log.warning("request %r refused: %s", msg_id, _first_line(exc))
            self._send_response(msg_id, error=exc.to_response_error())
            return
        super()._send_handler_result(future, msg_id=msg_id)

    def reply_error(self, msg_id: Any, code: int, message: str) -> None:
        self._send_data(
            {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}}
        )

    def receive(self, item: Any) -> None:
        """One item from the frame reader: a decoded JSON value, or a frame it could not read."""
        if isinstance(item, BadFrame):
            log.warning("unreadable message skipped: %s", item.reason)
            self.reply_error(None, PARSE_ERROR, f"Parse error: {item.reason}")
            return
        if isinstance(item, list):  # JSON-RPC batches: the LSP never uses them
            ids = [m.get("id") for m in item if isinstance(m, dict) and _is_id(m.get("id"))]
            for msg_id in ids or [None]:
                self.reply_error(msg_id, INVALID_REQUEST, "batch requests are not supported")
            return
        if not isinstance(item, dict):
            self.reply_error(None, INVALID_REQUEST, "a message must be a JSON object")
            return
        error = self._envelope_error(item)
        if error is not None:
            code, text = error
            if "id" in item and "method" in item:
                self.reply_error(item["id"] if _is_id(item["id"]) else None, code, text)
            elif "method" not in item and "id" not in item:
                self.reply_error(None, code, text)
            else:
                log.warning("notification ignored: %s", text)
            return
        try:
            message = self._structure(item)
        except Exception as exc:
            detail = _first_line(exc)
            if "method" in item and "id" in item:
                self.reply_error(item["id"], INVALID_PARAMS, f"Invalid params: {detail}")
            elif "method" in item:
                log.warning("notification %s ignored: invalid params (%s)", item["method"], detail)
            else:  # a response we cannot read: whoever waits for it is told, not left waiting
                log.warning("response %r unreadable: %s", item.get("id"), detail)
                future = self._request_futures.pop(item["id"], None)
                if future is not None and not future.done():
                    future.set_exception(ValueError(f"unreadable response: {detail}"))
            return
        self.handle_message(message)

    def _envelope_error(self, item: dict[str, Any]) -> tuple[int, str] | None:
        if "id" in item and not _is_id(item["id"]):
            return INVALID_REQUEST, "the id must be a number or a string"
        if item.get("jsonrpc") != "2.0":
            return INVALID_REQUEST, 'the "jsonrpc" member must be "2.0"'
        method = item.get("method")
        if "method" in item and not isinstance(method, str):
            return INVALID_REQUEST, "the method must be a string"
        if "method" not in item and "id" not in item:
            return INVALID_REQUEST, "neither a request, a notification nor a response"
        if "id" not in item or "method" not in item:
            return None  # notifications and responses: pygls drops them after shutdown
        if self._shutdown:
            return INVALID_REQUEST, f"{method}: the server is shutting down"
        if method == types.INITIALIZE and self.initialized:
            return INVALID_REQUEST, "initialize was already received"
        if method != types.INITIALIZE and not self.initialized:
            return SERVER_NOT_INITIALIZED, f"{method}: the server is not initialized"
        return None

    def _structure(self, item: dict[str, Any]) -> Any:
        """pygls's ``structure_message`` without its traceback in the log."""
        if "method" in item:
            kind = self.get_message_type(item["method"])
            if kind is None:  # a method lsprotocol does not know: params are optional
                item = {"params": None, **item}
                kind = JsonRPCRequestMessage if "id" in item else JsonRPCNotification
        elif "error" in item:
            kind = types.ResponseErrorMessage
        else:
            kind = self._result_types.pop(item["id"], None) or JsonRPCResponseMessage
        return self._converter.structure(item, kind)


def _is_id(value: Any) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


def _first_line(exc: BaseException) -> str:
    leaves: list[BaseException] = [exc]
    while getattr(leaves[0], "exceptions", None):  # cattrs' exception groups: the first leaf
        leaves = list(leaves[0].exceptions)  # type: ignore[attr-defined]
    text = str(leaves[0]) or type(leaves[0]).__name__
    return text.splitlines()[0][:200] if text else type(exc).__name__

"""Seeded fuzz campaigns, shared by the CI suite (``test_fuzz.py``, small counts) and
``benchmarks/fuzz_server.py`` (large counts, figures).

Text sync: random incremental edits (form feeds, U+2028, U+0085, CR, CRLF, astral characters,
positions past a line's end or past the last line) are sent to the server's real protocol
object, and after each edit its text is compared with the editor's, computed here
independently on the specification's model (only ``\\n``, ``\\r\\n``, ``\\r`` end a line;
UTF-16 columns; positions past a line's end clamped to it, past the last line to the end).

The wire: valid frames mutated at random (bytes flipped, cut, duplicated, headers altered),
each followed by a good request that must be answered.

Hostile inputs: a project of odd files (a symlink loop, a FIFO, ``/dev/zero``, a folder named
like a module, bad coding cookies, a FIFO ``.gitignore``), hostile settings, huge and lying
documents, fix-all on many findings and reviews cancelled in the same write; every request
must be answered, never with an internal error, and nothing may print a traceback.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from lsprotocol import types

PIECES = ["a", "x = 1", " ", "\t", "é", "😀", "\n", "\r\n", "\r", "\x0c", "\x0b", "\u2028",
          "\u2029", "\x85", "\x1c", "# noqa: BA101", "\r\n\r\n", "def f():\n    pass\n"]  # fmt: skip
_EOL = re.compile(r"\r\n|\r|\n")


def editor_lines(text: str) -> list[tuple[int, int]]:
    """(start offset, content length) of every line, the empty one after a final EOL too."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _EOL.finditer(text):
        out.append((start, m.start() - start))
        start = m.end()
    out.append((start, len(text) - start))
    return out


def units(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def editor_offset(text: str, line: int, character: int) -> int:
    """An LSP position (UTF-16 units) as an offset, clamped as the specification says."""
    lines = editor_lines(text)
    if line >= len(lines):
        return len(text)
    start, length = lines[line]
    content = text[start : start + length]
    seen = 0
    for n, ch in enumerate(content):
        if seen >= character:
            return start + n
        seen += units(ch)
    return start + len(content)


def random_position(rng: random.Random, text: str) -> dict[str, int]:
    lines = editor_lines(text)
    line = rng.randrange(len(lines) + 2)  # sometimes past the last line
    if line >= len(lines):
        return {"line": line, "character": rng.randrange(5)}
    start, length = lines[line]
    content = text[start : start + length]
    col = rng.randrange(len(content) + 1)
    character = units(content[:col])
    if rng.random() < 0.2:
        character += rng.randrange(1, 4)  # past the line's end
    return {"line": line, "character": character}


def random_edit(rng: random.Random, text: str) -> tuple[dict[str, Any], str]:
    a, b = random_position(rng, text), random_position(rng, text)
    if editor_offset(text, a["line"], a["character"]) > editor_offset(
        text, b["line"], b["character"]
    ):
        a, b = b, a
    new = "".join(rng.choice(PIECES) for _ in range(rng.randrange(4)))
    return {"start": a, "end": b}, new


def editor_apply(text: str, rng_: dict[str, Any], new: str) -> str:
    a = editor_offset(text, rng_["start"]["line"], rng_["start"]["character"])
    b = editor_offset(text, rng_["end"]["line"], rng_["end"]["character"])
    return text[:a] + new + text[b:]


class _Collect:
    def __init__(self) -> None:
        self.data: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.data.append(data)

    def close(self) -> None:
        pass


async def text_sync_campaign(seed: int, edits: int, docs: int = 4) -> tuple[int, list[str]]:
    """``edits`` random edits over ``docs`` documents: (edits made, the first mismatches)."""
    from backend_architect.lsp.server import create_server

    rng = random.Random(seed)
    server = create_server()
    protocol: Any = server.protocol
    protocol.set_writer(_Collect())
    protocol.receive(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {"capabilities": {}, "rootUri": None, "processId": None},
        }
    )
    mismatches: list[str] = []
    texts: dict[str, str] = {}
    versions: dict[str, int] = {}
    for n in range(docs):
        uri = f"file:///fuzz/doc{n}.txt"  # not a file the rules read: the text is the subject
        texts[uri] = "\x0cimport os\r\nx = 1\n\u2028y\x85 = 2\r" * (n + 1)
        versions[uri] = 1
        item = {"uri": uri, "languageId": "plaintext", "version": 1, "text": texts[uri]}
        protocol.receive(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": item},
            }
        )
    uris = sorted(texts)
    for step in range(edits):
        uri = rng.choice(uris)
        rng_, new = random_edit(rng, texts[uri])
        texts[uri] = editor_apply(texts[uri], rng_, new)
        if len(texts[uri]) > 4000:  # keep documents small enough for many edits
            texts[uri] = texts[uri][:2000]
            change: dict[str, Any] = {"text": texts[uri]}
        else:
            change = {"range": rng_, "text": new}
        versions[uri] += 1
        protocol.receive(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": versions[uri]},
                    "contentChanges": [change],
                },
            }
        )
        got = server.workspace.get_text_document(uri).source
        if got != texts[uri] and len(mismatches) < 5:
            mismatches.append(f"edit {step} {rng_} {new!r}: server {got!r} != {texts[uri]!r}")
        if step % 500 == 499:
            await asyncio.sleep(0)
    for task in list(server._pending.values()):
        task.cancel()
    return edits, mismatches


def position_check(text: str, position: dict[str, int]) -> tuple[types.Position, types.Position]:
    """What the server makes of ``position`` in ``text`` and back (for clamping checks)."""
    from backend_architect.core.lines import lines_with_ends
    from backend_architect.lsp.convert import from_position, to_position
    from pygls.workspace.position_codec import PositionCodec

    codec = PositionCodec()
    lines = lines_with_ends(text)
    server = from_position(types.Position(**position), lines, codec)
    return types.Position(**position), to_position(server, lines, codec)


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def malformed_frames(rng: random.Random, count: int) -> list[bytes]:
    """``count`` byte strings a broken or hostile client might write."""
    bodies = [
        json.dumps(m).encode()
        for m in (
            {"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {}},
            {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"x": [1]}},
            {"jsonrpc": "2.0", "id": "s", "method": "workspace/symbol", "params": {"query": 1}},
            [{"jsonrpc": "2.0", "id": 98, "method": "shutdown"}],
            {"jsonrpc": "1.0", "id": 97, "method": "shutdown"},
            {"id": 96, "method": "textDocument/definition", "params": None},
        )
    ]
    out: list[bytes] = []
    for _ in range(count):
        body = rng.choice(bodies)
        data = bytearray(_frame(body))
        kind = rng.randrange(7)
        if kind == 0:  # flip bytes anywhere
            for _ in range(rng.randrange(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:  # a length off by some
            delta = rng.choice([-7, -1, 1, 9, 10**6, 10**13, 10**22])
            data = bytearray(b"Content-Length: %d\r\n\r\n" % max(len(body) + delta, 0) + body)
        elif kind == 2:  # cut short
            data = data[: rng.randrange(1, len(data))]
        elif kind == 3:  # a header spelled oddly
            name = rng.choice([b"content-length", b"CONTENT-LENGTH", b"Content-length"])
            sep = rng.choice([b": ", b":", b":  ", b" : "])
            eol = rng.choice([b"\r\n", b"\n"])
            data = bytearray(name + sep + b"%d" % len(body) + eol + eol + body)
        elif kind == 4:  # a body that is not the JSON it says
            junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
            data = bytearray(_frame(junk))
        elif kind == 5:  # a valid frame with an odd message
            data = bytearray(_frame(body))
        else:  # deeply nested JSON
            depth = rng.choice([10, 1000, 100_000])
            data = bytearray(_frame(b"[" * depth + b"]" * depth))
        out.append(bytes(data))
    return out


# --- hostile inputs: odd files, huge and lying documents, bad settings, cancelled reviews -------

ODD_FILES = ("gone.py", "loop.py", "dir.py", "fifo.py", "zero.py", "bogus.py", "lie.py")


def odd_workspace(root: Path) -> None:
    """A project holding every odd file the issue lists (and a normal app beside them)."""
    app = root / "app"
    app.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'hostile'\n")
    (app / "main.py").write_text(
        'from fastapi import FastAPI\nimport requests\n\napp = FastAPI()\n\n\n@app.get("/a")\n'
        "def a(url: str):\n    return requests.get(url).json()\n"
    )
    odd_files(app)
    os.mkfifo(root / ".gitignore")


def odd_files(app: Path) -> None:
    """In ``app``: a symlink loop, a folder named like a module, a FIFO, a link to /dev/zero,
    an unknown coding cookie and a cookie the bytes do not match (``gone.py`` is missing)."""
    (app / "loop.py").symlink_to("loop.py")
    (app / "dir.py").mkdir()
    os.mkfifo(app / "fifo.py")
    (app / "zero.py").symlink_to("/dev/zero")
    (app / "bogus.py").write_text("# -*- coding: bogus -*-\nx = 1\n")
    (app / "lie.py").write_bytes(b'# -*- coding: ascii -*-\nx = "caf\xc3\xa9"\n')


def hostile_options(rng: random.Random) -> Any:
    """initializationOptions a broken client might send."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice([["select", "BA1"], "select=BA1", 7, True])
    options: dict[str, Any] = {f"unknown{n}": n for n in range(rng.choice([0, 3, 5_000]))}
    options["maxFileBytes"] = rng.choice([50_000, -1, "big", 10**30])
    if kind >= 2:
        options["select"] = rng.choice([["X" * 1_000_000], "BA", [1, 2], {"a": 1}])
        options["exclude"] = rng.choice([["a*" * 500_000], "build", [None]])
    return options


def _positions(rng: random.Random) -> dict[str, int]:
    return {
        "line": rng.choice([0, 1, 5, 10**6]),
        "character": rng.choice([0, 3, 2**31 - 1]),
    }


def hostile_messages(rng: random.Random, root: Path, msg_id: int) -> list[dict[str, Any]]:
    """One step of the campaign: a few notifications, then a request (its id ``msg_id``)."""
    app = root / "app"
    uri = (app / rng.choice([*ODD_FILES, "main.py", "new.py"])).as_uri()
    out: list[dict[str, Any]] = []
    step = rng.randrange(6)
    if step == 0:  # open (or re-open) a huge, lying or fixable document
        text = rng.choice(
            [
                "x = 1\n" * rng.choice([10, 20_000, 400_000]),
                "# coding: nope\nx = 1\n",
                "import requests\n\n\n"
                + "".join(f"def f{i}(u):\n    return requests.get(u)\n\n\n" for i in range(200)),
                "\x0c# -*- coding: latin-1 -*-\nx = '€'\n",
            ]
        )
        out.append(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}
                },
            }
        )
    elif step == 1:  # a change to a document that may not be open
        out.append(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": rng.randrange(2, 99)},
                    "contentChanges": [{"text": rng.choice(["", "x = 2\n", "# coding: zz\n"])}],
                },
            }
        )
    elif step == 2:
        close = {"textDocument": {"uri": uri}}
        out.append({"jsonrpc": "2.0", "method": "textDocument/didClose", "params": close})
    doc = {"textDocument": {"uri": uri}}
    whole = {"start": {"line": 0, "character": 0}, "end": _positions(rng)}
    method, params = rng.choice(
        [
            ("textDocument/hover", {**doc, "position": _positions(rng)}),
            ("textDocument/documentSymbol", doc),
            ("textDocument/codeLens", doc),
            ("textDocument/definition", {**doc, "position": _positions(rng)}),
            ("textDocument/diagnostic", doc),
            ("textDocument/inlayHint", {**doc, "range": whole}),
            (
                "textDocument/codeAction",
                {
                    **doc,
                    "range": whole,
                    "context": {"diagnostics": [], "only": rng.choice([None, ["source.fixAll"]])},
                },
            ),
            ("workspace/symbol", {"query": rng.choice(["", "a", "x" * 10_000])}),
            (
                "workspace/executeCommand",
                {
                    "command": "backend-architect.review",
                    "arguments": rng.choice([[uri, 7, 4], [uri, "x", None], [], [1, 2, 3]]),
                },
            ),
        ]
    )
    if "context" in params and params["context"]["only"] is None:
        del params["context"]["only"]
    out.append({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})
    if method == "workspace/executeCommand" and rng.random() < 0.5:  # cancelled in the same write
        out.append({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": msg_id}})
    return out


def hostile_campaign(
    seed: int, steps: int, root: Path, server_factory: Any, step_timeout: float = 30
) -> dict[str, Any]:
    """Run ``steps`` hostile steps against a fresh server in an odd project; the figures."""
    from .raw import initialize

    rng = random.Random(seed)
    odd_workspace(root)
    server = server_factory(root)
    figures: dict[str, Any] = {"steps": 0, "answered": 0, "internal": [], "silent": []}
    try:
        options = hostile_options(rng)
        caps = {"textDocument": {"diagnostic": {}}, "window": {"showDocument": {"support": True}}}
        server.send(initialize(1, root, capabilities=caps, initializationOptions=options))
        server.answer(1, timeout=step_timeout)
        server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        for n in range(steps):
            if server.proc.poll() is not None:
                break
            msg_id = 1000 + n
            messages = hostile_messages(rng, root, msg_id)
            asked = next(m["method"] for m in messages if m.get("id") == msg_id)
            server.send(*messages)
            figures["steps"] += 1
            try:
                answer = server.answer(msg_id, timeout=step_timeout)
            except TimeoutError:
                figures["silent"].append(asked)
                continue
            figures["answered"] += 1
            if answer.get("error", {}).get("code") == -32603:
                figures["internal"].append((asked, answer["error"]))
        shown = [
            m["params"]["message"] for m in server.seen if m.get("method") == "window/showMessage"
        ]
        figures["settings_messages"] = sum("the defaults apply" in m for m in shown)
        figures["longest_message"] = max(map(len, shown), default=0)
        figures["died"] = server.proc.poll() is not None
        figures["tracebacks"] = server.stderr().count("Traceback")
    finally:
        server.close()
    return figures

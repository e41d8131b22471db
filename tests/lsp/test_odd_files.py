"""Odd files in the workspace: a bad pyproject.toml is reported by name and the defaults
serve; a FIFO is never opened (indexing, diagnostics and shutdown end)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from .conftest import SERVER, init_params, record_pushes
from .helpers import diagnostics, open_doc, wait_indexed


def _latin1(p: Path) -> None:
    p.write_bytes('[tool.backend-architect]\n# caf\xe9\nselect = ["BA"]\n'.encode("latin-1"))


def _binary(p: Path) -> None:
    p.write_bytes(b"\x00\x01\xff" * 100)


def _deep(p: Path) -> None:
    p.write_text("x = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n")


def _loop(p: Path) -> None:
    p.unlink(missing_ok=True)
    os.symlink(p.name, p)  # pyproject.toml -> pyproject.toml


def _fifo(p: Path) -> None:
    p.unlink(missing_ok=True)
    os.mkfifo(p)


BAD_PYPROJECT = {"latin-1": _latin1, "binary": _binary, "2000 tables deep": _deep,
                 "symlink loop": _loop, "a FIFO": _fifo}  # fmt: skip


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER),
    params=[(p, c) for p in ("vscode", "neovim") for c in sorted(BAD_PYPROJECT)],
)
async def odd(lsp_client: LanguageClient, request: pytest.FixtureRequest, workspace: Path):
    profile, case = request.param
    lsp_client.profile = profile  # type: ignore[attr-defined]
    lsp_client.root = workspace  # type: ignore[attr-defined]
    record_pushes(lsp_client)
    BAD_PYPROJECT[case](workspace / "pyproject.toml")
    os.mkfifo(workspace / "app" / "pipe.py")  # a FIFO named like a module
    await lsp_client.initialize_session(init_params(profile, workspace))
    yield
    await lsp_client.shutdown_session()


async def test_bad_pyproject_is_reported_and_defaults_serve(odd: LanguageClient) -> None:
    await wait_indexed(odd)
    messages = [m.message for m in odd.messages]
    assert any("pyproject.toml" in m and "defaults apply" in m for m in messages), messages
    assert not any("Error in server" in m for m in messages), messages
    users = odd.root / "app" / "routers" / "users.py"  # type: ignore[attr-defined]
    uri = open_doc(odd, users)
    assert any(d.code == "BA301" for d in await diagnostics(odd, uri, version=1))
    assert all(m.type != types.MessageType.Error for m in odd.messages)

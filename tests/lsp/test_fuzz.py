"""The fuzz suite, seeded and bounded (a few seconds): text sync after every edit, malformed
frames each followed by a request that must be answered. ``benchmarks/fuzz_server.py`` runs
the same campaigns at scale and prints figures."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .fuzzing import hostile_campaign, malformed_frames, position_check, text_sync_campaign
from .raw import RawServer, initialize, request


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_server_text_equals_the_editors_after_every_edit(seed: int) -> None:
    edits, mismatches = await text_sync_campaign(seed, 1500)
    assert edits == 1500 and mismatches == []


def test_positions_are_clamped_to_the_text() -> None:
    text = "ab\r\ncd\n😀x"
    cases = {
        (0, 9): (0, 2),  # past a CRLF line's end: its end, never inside the CRLF
        (1, 2): (1, 2),
        (2, 1): (2, 2),  # inside a surrogate pair: after the character
        (2, 3): (2, 3),
        (2, 99): (2, 3),  # past the end of a last line without a newline
        (7, 0): (2, 3),  # past the last line: the end of the text
    }
    for (line, char), want in cases.items():
        _, back = position_check(text, {"line": line, "character": char})
        assert (back.line, back.character) == want, (line, char)


def test_malformed_frames_never_silence_the_server(tmp_path: Path) -> None:
    rng = random.Random(15)
    server = RawServer(cwd=tmp_path)
    try:
        server.send(initialize(1, tmp_path))
        assert "capabilities" in server.answer(1)["result"]
        for n, data in enumerate(malformed_frames(rng, 120), start=1000):
            server.send(data, request(n, "fuzz/ping"))
            assert server.answer(n, timeout=10)["error"]["code"] == -32601, (n, data[:80])
        assert server.proc.poll() is None
        assert "Traceback" not in server.stderr()
    finally:
        server.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_hostile_inputs_are_all_answered(tmp_path: Path, seed: int) -> None:
    """Odd files, hostile settings, huge and lying documents, fix-all on many findings and
    reviews cancelled in the same write: every request answered, no internal error, no
    traceback, one settings message at most."""
    figures = hostile_campaign(seed, 40, tmp_path, lambda root: RawServer(cwd=root))
    assert figures["steps"] == 40 and figures["answered"] == 40, figures
    assert not figures["internal"] and not figures["silent"] and not figures["died"], figures
    assert figures["tracebacks"] == 0 and figures["settings_messages"] <= 1, figures
    assert figures["longest_message"] <= 1_600, figures

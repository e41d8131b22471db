"""Re-parsing an edit by the top-level statements it touches gives the tree a full parse gives."""

from __future__ import annotations

import ast

from backend_architect.core.parsing import ParseCache, parse_text, reparse_edit

SOURCE = '''import os

@router.get("/a")
async def a(x: int) -> int:
    """Doc."""
    return x

# a comment between definitions

def b() -> None:
    pass

value = os.environ["X"]
'''


def _same_tree(got: ast.AST | None, text: str) -> bool:
    full = ast.parse(text)
    return got is not None and ast.dump(got, include_attributes=True) == ast.dump(
        full, include_attributes=True
    )


def _edit(line: int, new: str) -> str:
    lines = SOURCE.split("\n")
    lines[line] = new
    return "\n".join(lines)


def test_edit_inside_a_definition_shares_the_other_statements() -> None:
    previous = parse_text("m.py", SOURCE)
    text = _edit(5, "    return x + 1")
    got = reparse_edit(previous, text)
    assert got is not None and _same_tree(got.tree, text)
    assert previous.tree is not None and got.tree is not None
    assert got.tree.body[0] is previous.tree.body[0]  # import kept
    assert got.tree.body[1] is not previous.tree.body[1]  # the edited handler, parsed again
    assert got.tree.body[2] is previous.tree.body[2]


def test_edits_of_decorators_comments_and_the_last_line() -> None:
    previous = parse_text("m.py", SOURCE)
    for line, new in (
        (2, '@router.post("/b")'),
        (7, "x = 2"),
        (12, "value = 3"),
        (0, "import sys"),
    ):
        text = _edit(line, new)
        got = reparse_edit(previous, text)
        assert got is not None and _same_tree(got.tree, text), (line, new)


def test_edits_it_cannot_vouch_for_fall_back_to_a_full_parse() -> None:
    previous = parse_text("m.py", SOURCE)
    assert reparse_edit(previous, SOURCE + "x = 1\n") is None  # a line added
    assert reparse_edit(previous, _edit(7, "    y = 1")) is None  # joins the function above
    assert reparse_edit(previous, _edit(5, '    return """')) is None  # opens a string
    assert reparse_edit(previous, _edit(0, "from __future__ import annotations")) is None
    broken = parse_text("m.py", _edit(5, "    return ("))
    assert not broken.ok and reparse_edit(broken, SOURCE) is None  # recovered trees are not reused


def test_cache_reparses_edits_of_the_last_text_it_parsed() -> None:
    cache = ParseCache()
    first = cache.parse("m.py", SOURCE)
    text = _edit(5, "    return x * 2")
    second = cache.parse("m.py", text)
    assert first.tree is not None and second.tree is not None
    assert second.tree.body[0] is first.tree.body[0]
    assert _same_tree(second.tree, text) and cache.parses == 2
    cache.forget("m.py")
    third = cache.parse("m.py", _edit(5, "    return 0"))
    assert third.tree is not None and third.tree.body[0] is not first.tree.body[0]

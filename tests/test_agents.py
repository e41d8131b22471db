"""Agent files: the bundled agent, the lenient reader, discovery and its precedence, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from _support import IN_CI
from backend_architect.agents.loader import (
    AgentFile,
    AgentProblem,
    bundled_agents_dir,
    discover_agents,
    load_agent_file,
    parse_agent_file,
)

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "agents" / "backend-architect.md"
REFERENCE = REPO.parent / "shared" / "reference" / "backend-architect.agent.md"

GOOD = "---\nname: {name}\ndescription: {description}\nmodel: haiku\n---\nYou are {name}.\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def split_front_matter(raw: str) -> tuple[str, str]:
    assert raw.startswith("---\n")
    front, body = raw[4:].split("\n---\n", 1)
    return front, body


def parsed(text: str | bytes, path: str = "x.md") -> AgentFile:
    result = parse_agent_file(path, text)
    assert isinstance(result, AgentFile), result
    return result


def problem(text: str | bytes, path: str = "bad.md") -> AgentProblem:
    result = parse_agent_file(path, text)
    assert isinstance(result, AgentProblem), result
    return result


# --- the bundled agent ----------------------------------------------------------------------


def test_bundled_agent_is_found_and_loads() -> None:
    agents, problems = discover_agents(None, [])
    assert problems == []
    agent = agents["backend-architect"]
    assert agent.source == "bundled"
    packaged = REPO / "server" / "backend_architect" / "bundled_agents" / BUNDLED.name
    assert Path(agent.path).resolve() == packaged.resolve()  # the copy the package ships
    assert agent.model == "sonnet"
    assert agent.color == "red"
    assert "<example>" in agent.description
    _, body = split_front_matter(BUNDLED.read_text(encoding="utf-8"))
    assert agent.system_prompt == body.strip()


def test_bundled_agent_front_matter_is_strict_yaml() -> None:
    front, _ = split_front_matter(BUNDLED.read_text(encoding="utf-8"))
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    assert data["name"] == "backend-architect"
    assert isinstance(data["description"], str) and "\n" in data["description"]


def test_bundled_agent_covers_the_product_rules() -> None:
    prompt = parsed(BUNDLED.read_text(encoding="utf-8")).system_prompt
    # the product needs these; the rest of the prompt is prose a test should not pin down
    assert "delimiters" in prompt and "never instructions" in prompt
    assert "tool" in prompt and "character for character" in prompt
    assert "- [ ]" in prompt  # the self-verification checklist


def test_bundled_agents_are_a_real_copy_of_the_agents_folder() -> None:
    """The package ships real files (a symlink does not survive every checkout or sdist), and
    they are the repository's agents/, byte for byte: edit agents/, then copy."""
    found = bundled_agents_dir()
    assert found is not None
    packaged = REPO / "server" / "backend_architect" / "bundled_agents"
    assert found == packaged.resolve() and not packaged.is_symlink()
    ours = {p.name: p.read_bytes() for p in packaged.glob("*.md")}
    theirs = {p.name: p.read_bytes() for p in (REPO / "agents").glob("*.md")}
    assert ours == theirs, "server/backend_architect/bundled_agents/ differs from agents/"
    assert not any(p.is_symlink() for p in packaged.iterdir())


# --- the reference file (not strict YAML) ---------------------------------------------------


def test_reference_agent_file_loads_through_the_lenient_reader() -> None:
    if not REFERENCE.is_file():
        message = f"the shared reference is not beside the repo ({REFERENCE})"
        if IN_CI:
            pytest.fail(message)  # CI always has ../shared: its absence is a broken run
        pytest.skip(message)
    raw = REFERENCE.read_text(encoding="utf-8")
    front, body = split_front_matter(raw)
    with pytest.raises(yaml.YAMLError):  # so this test does exercise the fallback
        yaml.safe_load(front)

    agent = load_agent_file(REFERENCE, "configured")
    assert isinstance(agent, AgentFile), agent
    assert agent.name == "backend-architect"
    assert agent.model == "sonnet"
    assert agent.color == "red"
    assert agent.tools is None
    assert agent.description.startswith(
        "Use this agent when you need to design, implement, or maintain server-side "
        "functionality, including:\n\n- Building or modifying REST/GraphQL APIs\n"
    )
    assert "\\n" not in agent.description
    assert "</example>\n\n<example>\nContext: User needs to expose user profile data" in (
        agent.description
    )
    assert agent.description.endswith("</example>\n</examples>")
    assert agent.system_prompt == body.strip()


# --- front matter readers -------------------------------------------------------------------


def test_yaml_plain_scalar_escapes_expand_and_quoted_values_are_kept() -> None:
    agent = parsed('---\nname: a\ndescription: one\\ntwo\ncolor: "blue"\n---\nbody\n')
    assert agent.description == "one\ntwo"
    assert agent.color == "blue"


def test_yaml_keeps_words_yaml_would_turn_into_booleans() -> None:
    agent = parsed("---\nname: yes\ndescription: d\nmodel: 3.5\n---\nbody\n")
    assert agent.name == "yes"
    assert agent.model == "3.5"


def test_lenient_reader_keeps_unquoted_colons_and_continuation_lines() -> None:
    text = (
        "---\n"
        "name: a\n"
        "description: Use it when: things break\n"
        "  and when: they are slow\n"
        "model: claude-sonnet-4-5\n"
        "---\n"
        "body\n"
    )
    agent = parsed(text)
    assert agent.description == "Use it when: things break and when: they are slow"
    assert agent.model == "claude-sonnet-4-5"


def test_lenient_reader_reads_block_scalars_and_lists() -> None:
    # "example: x" in the description makes strict YAML fail, so the lenient reader runs
    text = (
        "---\n"
        "name: a\n"
        "summary: see example: x\n"
        "description: |\n"
        "  first line\n"
        "    indented\n"
        "\n"
        "  last line\n"
        "notes: >\n"
        "  folded\n"
        "  together\n"
        "tools:\n"
        "  - Read\n"
        "  - Grep\n"
        "---\n"
        "body\n"
    )
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(split_front_matter(text)[0])
    agent = parsed(text)
    assert agent.description == "first line\n  indented\n\nlast line"
    assert agent.tools == ("Read", "Grep")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tools: Read, Grep, Glob", ("Read", "Grep", "Glob")),
        ("tools: [Read, Edit]", ("Read", "Edit")),
        ("tools:", None),
    ],
)
def test_tools_forms(line: str, expected: tuple[str, ...] | None) -> None:
    assert parsed(f"---\nname: a\n{line}\n---\nbody\n").tools == expected


def test_crlf_and_bom_are_accepted() -> None:
    agent = parsed(
        b"\xef\xbb\xbf---\r\nname: a\r\ndescription: d\r\n---\r\nline one\r\nline two\r\n"
    )
    assert agent.name == "a"
    assert agent.system_prompt == "line one\nline two"


# --- files that do not read -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param("You are an agent.\n", 1, "no front matter", id="no-front-matter"),
        pytest.param("", None, "no front matter", id="empty-file"),
        pytest.param(
            "---\nname: a\ndescription: d\nYou are an agent.\n",
            1,
            "never closed",
            id="unterminated",
        ),
        pytest.param(
            "---\nname: a\nthis line is not a key\ndescription: d\n---\nbody\n",
            3,
            "expected `key: value`",
            id="garbage-line",
        ),
        pytest.param("---\ndescription: d\n---\nbody\n", 1, "no `name`", id="no-name"),
        pytest.param("---\nname: a b\n---\nbody\n", 2, "one word", id="name-with-space"),
        pytest.param("---\nname: [a, b]\n---\nbody\n", 2, "must be text", id="name-not-text"),
        pytest.param(
            "---\nname: a\ndescription: d\n---\n\n  \n", 4, "no system prompt", id="empty-body"
        ),
        pytest.param(b"\x7fELF\x02\x01\x01\x00\x00\x00", None, "binary", id="binary"),
        pytest.param(
            b"---\nname: a\ndescription: caf\xe9\n---\nbody\n", 3, "not valid UTF-8", id="latin-1"
        ),
    ],
)
def test_bad_files_are_reported_by_name_and_line(
    text: str | bytes, line: int | None, words: str
) -> None:
    found = problem(text, path="agents/broken.md")
    assert found.path == "agents/broken.md"
    assert found.line == line
    assert words in found.message
    prefix = "agents/broken.md" if line is None else f"agents/broken.md:{line}:"
    assert found.message.startswith(prefix)
    assert str(found) == found.message


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.md", "---\nname: a\n---\n" + "x" * 1_000_001)
    found = load_agent_file(path, "configured")
    assert isinstance(found, AgentProblem)
    assert found.message.startswith(str(path)) and "limit" in found.message


# --- discovery ------------------------------------------------------------------------------


def test_workspace_agent_overrides_configured_and_bundled(tmp_path: Path) -> None:
    own = write(
        tmp_path / ".claude" / "agents" / "backend-architect.md",
        GOOD.format(name="backend-architect", description="the project's own"),
    )
    write(
        tmp_path / "team" / "backend-architect.md",
        GOOD.format(name="backend-architect", description="the team's"),
    )
    agents, problems = discover_agents(str(tmp_path), ["team"])
    assert problems == []
    agent = agents["backend-architect"]
    assert (agent.source, agent.description, Path(agent.path)) == (
        "workspace",
        "the project's own",
        own,
    )
    assert agent.system_prompt == "You are backend-architect."


def test_configured_folder_is_found_relative_to_the_workspace(tmp_path: Path) -> None:
    write(tmp_path / "tools" / "agents" / "db.md", GOOD.format(name="db-expert", description="d"))
    elsewhere = write(tmp_path / "elsewhere" / "ops.md", GOOD.format(name="ops", description="o"))
    workspace = tmp_path / "project"
    workspace.mkdir()
    agents, problems = discover_agents(str(workspace), ["../tools/agents", str(elsewhere.parent)])
    assert problems == []
    assert agents["db-expert"].source == "configured"
    assert agents["ops"].source == "configured"
    assert agents["backend-architect"].source == "bundled"  # the bundled agents are still there


def test_configured_folder_overrides_bundled(tmp_path: Path) -> None:
    write(tmp_path / "mine" / "ba.md", GOOD.format(name="backend-architect", description="mine"))
    agents, _ = discover_agents(None, [str(tmp_path / "mine")])
    assert agents["backend-architect"].source == "configured"


def test_discovery_keeps_going_past_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / ".claude" / "agents"
    write(folder / "a-broken.md", "no front matter at all\n")
    write(folder / "b-binary.md", b"\x00\x01\x02")
    write(folder / "c-good.md", GOOD.format(name="reviewer", description="r"))
    write(folder / "d-notes.txt", "not an agent file, not even looked at\n")
    agents, problems = discover_agents(str(tmp_path), ["missing-folder"])
    assert agents["reviewer"].source == "workspace"
    assert "backend-architect" in agents
    messages = sorted(p.message for p in problems)
    assert len(messages) == 3, messages
    assert messages[0].startswith(str(folder / "a-broken.md") + ":1:")
    assert messages[1].startswith(str(folder / "b-binary.md"))
    assert str(tmp_path / "missing-folder") in messages[2]


def test_duplicate_name_in_one_folder_keeps_the_first_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / ".claude" / "agents"
    first = write(folder / "one.md", GOOD.format(name="dup", description="first"))
    second = write(folder / "two.md", GOOD.format(name="dup", description="second"))
    agents, problems = discover_agents(str(tmp_path), [])
    assert agents["dup"].path == str(first)
    assert [p.path for p in problems] == [str(second)]
    assert str(first) in problems[0].message


BOMB = """---
name: bomb
description: a billion laughs in the front matter
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
---
You review endpoints.
"""


def test_an_alias_bomb_or_a_recursive_alias_is_read_at_once_and_expands_nothing() -> None:
    import time

    for text in (BOMB, "---\nname: loop\ndescription: x\ntools: &t [*t]\n---\nPrompt.\n"):
        started = time.monotonic()
        result = parse_agent_file("bomb.md", text)
        assert time.monotonic() - started < 2.0  # an 8-level bomb took 86 s to expand
        # read by the lenient reader (YAML aliases are refused): a name, no expanded lists
        if isinstance(result, AgentFile):
            assert "lol" * 3 not in repr(result)


def test_a_folder_of_thousands_is_read_up_to_a_bound(tmp_path: Path) -> None:
    from backend_architect.agents.loader import MAX_AGENT_FILES

    for n in range(MAX_AGENT_FILES + 5):
        write(tmp_path / "many" / f"a{n:04}.md", GOOD.format(name=f"a{n:04}", description="d"))
    agents, problems = discover_agents(str(tmp_path), ["many"])
    assert sum(a.source == "configured" for a in agents.values()) == MAX_AGENT_FILES
    assert [p.message for p in problems] == [
        f"{tmp_path / 'many'}: 5 agent files past the first {MAX_AGENT_FILES} not read"
    ]

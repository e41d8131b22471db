"""Agent files: YAML front matter (name, description, model, color, tools) and a system prompt.

Claude Code writes these files, and not always as strict YAML: its generator emits one-line
values with unquoted colons and literal ``\\n`` escapes. So the front matter is read with YAML
first and, when that fails or gives something other than a mapping, with a lenient
``key: value`` reader that keeps the rest of the line as the value. A file neither can read is
reported by path and line; it never stops discovery of the others.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from ..core.source import TooLarge, read_bytes


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: an agent file's front matter never needs them, and expanding them
    is how a few hundred bytes (an alias bomb) or a recursive alias stall or crash a reader."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases are not allowed in an agent file", event.start_mark
            )
        return super().compose_node(parent, index)


AgentSource = Literal["bundled", "workspace", "configured"]

MAX_AGENT_FILE_BYTES = 1_000_000  # a system prompt this long is a mistake, not an agent
MAX_AGENT_FILES = 200  # per folder: a folder of thousands is not a set of agents

# The agents shipped in the package: a real copy of the repository's agents/ (no symlink that a
# checkout on Windows or an unpacked sdist would lose); tests/test_agents.py holds them equal.
_PACKAGED_DIR = Path(__file__).resolve().parent.parent / "bundled_agents"
# A checkout: server/backend_architect/agents/loader.py -> the repository root's agents/.
_REPO_ROOT = Path(__file__).resolve().parents[3]

_DELIMITER_RE = re.compile(r"^---[ \t]*$")
_KEY_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:(.*)$")
_BLOCK_HEADER_RE = re.compile(r"^([|>])([+-]?)[1-9]?([+-]?)(?:[ \t]+#.*)?$")
_LIST_ITEM_RE = re.compile(r"^-(?:[ \t]+(.*)|)$")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class AgentFile:
    name: str
    description: str
    model: str | None  # as written: an alias (sonnet, opus, haiku, inherit) or a full model id
    color: str | None
    tools: tuple[str, ...] | None  # None: not restricted by the file
    system_prompt: str  # the body after the front matter
    path: str
    source: AgentSource


@dataclass(frozen=True)
class AgentProblem:
    path: str
    line: int | None  # 1-based, when the problem has a place in the file
    message: str  # complete and self-describing: "PATH:LINE: what is wrong"

    def __str__(self) -> str:
        return self.message


def _problem(path: str, line: int | None, reason: str) -> AgentProblem:
    where = f"{path}:{line}" if line is not None else path
    return AgentProblem(path, line, f"{where}: {reason}")


# A front-matter value: text, a list of texts, or a nested mapping (which no field accepts).
_Value = str | list[str] | dict[str, object] | None


@dataclass
class _Field:
    line: int  # 1-based line of the key in the file
    value: _Value


def _expand_escapes(value: str) -> str:
    # Claude Code's one-line values spell newlines as a literal backslash-n.
    return value.replace("\\n", "\n")


# --- strict reading -------------------------------------------------------------------------


def _read_yaml(text: str, first_line: int) -> dict[str, _Field] | None:
    """The front matter as YAML, or None when it is not a YAML mapping.

    Works on the composed node tree rather than constructed values, so that ``name: yes`` stays
    the text "yes" and plain (unquoted) scalars can have their ``\\n`` escapes expanded, the
    same as the lenient reader does.
    """
    try:
        loader = _NoAliasLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    fields: dict[str, _Field] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            return None
        line = first_line + key_node.start_mark.line
        fields[key_node.value] = _Field(line, _node_value(value_node))
    return fields


def _node_value(node: yaml.Node) -> _Value:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:  # plain
            return None if node.value in _NULLS else _expand_escapes(node.value)
        return str(node.value)
    if isinstance(node, yaml.SequenceNode):
        items = [_node_value(item) for item in node.value]
        return [item for item in items if isinstance(item, str)]
    return {}


# --- lenient reading ------------------------------------------------------------------------


@dataclass
class _Entry:
    key: str
    line: int
    head: str  # the rest of the key's line
    more: list[str]  # the indented (or blank) lines that follow it


def _read_lenient(path: str, lines: list[str], first_line: int) -> dict[str, _Field] | AgentProblem:
    entries: list[_Entry] = []
    for offset, line in enumerate(lines):
        lineno = first_line + offset
        if not line.strip():
            if entries:
                entries[-1].more.append("")
            continue
        if line[0] in " \t":
            if not entries:
                return _problem(path, lineno, "indented line before any `key: value` line")
            entries[-1].more.append(line)
            continue
        if line.startswith("#"):
            continue
        match = _KEY_RE.match(line)
        if match is None:
            return _problem(
                path, lineno, f"expected `key: value` in the front matter, found {line.strip()!r}"
            )
        entries.append(_Entry(match.group(1), lineno, match.group(2).strip(), []))
    return {entry.key: _Field(entry.line, _entry_value(entry)) for entry in entries}


def _entry_value(entry: _Entry) -> _Value:
    header = _BLOCK_HEADER_RE.match(entry.head)
    if header is not None:
        return _block_scalar(entry.more, folded=header.group(1) == ">")
    more = [line.strip() for line in entry.more]
    while more and not more[-1]:
        more.pop()
    if not entry.head and more and all(_LIST_ITEM_RE.match(m) or not m for m in more):
        items = [_LIST_ITEM_RE.match(m) for m in more if m]
        return [_unquote(m.group(1) or "") for m in items if m is not None]
    if entry.head.startswith("[") and entry.head.endswith("]") and not more:
        try:
            flow = yaml.load(entry.head, Loader=_NoAliasLoader)
        except yaml.YAMLError:
            flow = None
        if isinstance(flow, list):
            return [str(item) for item in flow]
    # A plain scalar over several lines folds into one, blank lines becoming newlines.
    text = entry.head
    for line in more:
        if not line:
            text += "\n"
        elif not text or text.endswith("\n"):
            text += line
        else:
            text += " " + line
    return None if text in _NULLS else _unquote(text)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            loaded = yaml.load(value, Loader=_NoAliasLoader)
        except yaml.YAMLError:
            loaded = None
        return loaded if isinstance(loaded, str) else _expand_escapes(value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    return _expand_escapes(value)


def _block_scalar(lines: list[str], *, folded: bool) -> str:
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    body = [line[cut:] if line.strip() else "" for line in lines]
    while body and not body[-1]:
        body.pop()
    if not folded:
        return "\n".join(body)
    out: list[str] = []
    for line in body:
        if not line:
            out.append("\n")
        elif out and out[-1] != "\n" and not line[0].isspace():
            out.append(" " + line)
        else:
            out.append(("\n" if out and out[-1] != "\n" else "") + line)
    return "".join(out)


# --- one file -------------------------------------------------------------------------------


def _decode(path: str, data: bytes) -> str | AgentProblem:
    if b"\x00" in data:
        return _problem(path, None, "binary file (contains NUL bytes), not an agent file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return _problem(
            path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        )


def _text_field(path: str, fields: dict[str, _Field], key: str) -> str | AgentProblem | None:
    field = fields.get(key)
    if field is None or field.value is None:
        return None
    if not isinstance(field.value, str):
        return _problem(path, field.line, f"`{key}` must be text")
    return field.value.strip() or None


def parse_agent_file(
    path: str | os.PathLike[str], text: str | bytes, source: AgentSource = "configured"
) -> AgentFile | AgentProblem:
    """Read one agent file's contents; ``path`` only names it in the result and in problems."""
    where = os.fspath(path)
    if isinstance(text, bytes):
        decoded = _decode(where, text)
        if isinstance(decoded, AgentProblem):
            return decoded
        text = decoded
    if "\x00" in text:
        return _problem(where, None, "binary file (contains NUL bytes), not an agent file")
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")

    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start == len(lines) or not _DELIMITER_RE.match(lines[start]):
        found = start + 1 if start < len(lines) else None
        return _problem(where, found, "no front matter: an agent file starts with a `---` line")
    end = next((i for i in range(start + 1, len(lines)) if _DELIMITER_RE.match(lines[i])), None)
    if end is None:
        return _problem(where, start + 1, "the front matter opened here is never closed by `---`")

    first_line = start + 2  # 1-based line of the front matter's first line
    fm_lines = lines[start + 1 : end]
    fields: dict[str, _Field] | AgentProblem | None = _read_yaml("\n".join(fm_lines), first_line)
    if fields is None:
        fields = _read_lenient(where, fm_lines, first_line)
    if isinstance(fields, AgentProblem):
        return fields

    values: dict[str, str | None] = {}
    for key in ("name", "description", "model", "color"):
        value = _text_field(where, fields, key)
        if isinstance(value, AgentProblem):
            return value
        values[key] = value
    name = values["name"]
    if name is None:
        return _problem(where, start + 1, "the front matter has no `name`")
    if any(ch.isspace() for ch in name):
        return _problem(where, fields["name"].line, f"`name` must be one word, found {name!r}")

    tools = _tools(where, fields.get("tools"))
    if isinstance(tools, AgentProblem):
        return tools

    body = re.sub(r"\A(?:[ \t]*\n)+", "", "\n".join(lines[end + 1 :])).rstrip()
    if not body:
        return _problem(where, end + 1, "no system prompt after the front matter")
    return AgentFile(
        name=name,
        description=values["description"] or "",
        model=values["model"],
        color=values["color"],
        tools=tools,
        system_prompt=body,
        path=where,
        source=source,
    )


def _tools(path: str, field: _Field | None) -> tuple[str, ...] | AgentProblem | None:
    if field is None or field.value is None:
        return None
    if isinstance(field.value, dict):
        return _problem(path, field.line, "`tools` must be a list or comma-separated text")
    items = field.value.split(",") if isinstance(field.value, str) else field.value
    tools = tuple(item.strip() for item in items if item.strip())
    return tools or None


# --- discovery ------------------------------------------------------------------------------


def bundled_agents_dir() -> Path | None:
    """The agents shipped with the package (a checkout's agents/ if the copy is missing)."""
    if _PACKAGED_DIR.is_dir():
        return _PACKAGED_DIR.resolve()
    checkout = _REPO_ROOT / "agents"
    if checkout.is_dir() and (_REPO_ROOT / "pyproject.toml").is_file():
        return checkout
    return None


def load_agent_file(path: str | os.PathLike[str], source: AgentSource) -> AgentFile | AgentProblem:
    where = os.fspath(path)
    try:
        data = read_bytes(where, MAX_AGENT_FILE_BYTES)  # a regular file, size-checked
    except TooLarge as exc:
        return _problem(where, None, f"{exc.size} bytes is over the {MAX_AGENT_FILE_BYTES} limit")
    except OSError as exc:
        return _problem(where, None, f"cannot read: {exc.strerror or exc}")
    return parse_agent_file(where, data, source)


def _load_dir(
    folder: Path, source: AgentSource, problems: list[AgentProblem]
) -> dict[str, AgentFile]:
    found: dict[str, AgentFile] = {}
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file())
    except OSError as exc:
        problems.append(_problem(str(folder), None, f"cannot list: {exc.strerror or exc}"))
        return found
    if len(paths) > MAX_AGENT_FILES:
        left = len(paths) - MAX_AGENT_FILES
        problems.append(
            _problem(
                str(folder), None, f"{left} agent files past the first {MAX_AGENT_FILES} not read"
            )
        )
        paths = paths[:MAX_AGENT_FILES]
    for path in paths:
        result = load_agent_file(path, source)
        if isinstance(result, AgentProblem):
            problems.append(result)
        elif result.name in found:
            first = found[result.name].path
            problems.append(
                _problem(str(path), None, f"agent {result.name!r} is already defined in {first}")
            )
        else:
            found[result.name] = result
    return found


def discover_agents(
    workspace_root: str | None, extra_dirs: Iterable[str] = ()
) -> tuple[dict[str, AgentFile], list[AgentProblem]]:
    """Every agent by name, and the problems met on the way.

    Sources in rising precedence: the bundled agents, the configured folders (in order), then
    the workspace's ``.claude/agents/``, so a project's own agent replaces a bundled one of the
    same name. Relative configured folders are taken from the workspace root.
    """
    agents: dict[str, AgentFile] = {}
    problems: list[AgentProblem] = []

    bundled = bundled_agents_dir()
    if bundled is None:
        problems.append(
            _problem(
                str(_PACKAGED_DIR), None, "bundled agents not found; the install is incomplete"
            )
        )
    else:
        agents.update(_load_dir(bundled, "bundled", problems))

    base = Path(workspace_root) if workspace_root else Path.cwd()
    for extra in extra_dirs:
        folder = base / Path(extra).expanduser()
        if not folder.is_dir():
            problems.append(_problem(str(folder), None, "configured agent folder does not exist"))
            continue
        agents.update(_load_dir(folder, "configured", problems))

    if workspace_root:
        own = Path(workspace_root) / ".claude" / "agents"
        if own.is_dir():
            agents.update(_load_dir(own, "workspace", problems))
    return agents, problems

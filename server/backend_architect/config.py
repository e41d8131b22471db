"""Settings: ``[tool.backend-architect]`` in pyproject.toml, merged with the client's settings.

Precedence: initializationOptions over workspace/configuration over pyproject.toml. Keys are
accepted in kebab-case, snake_case or camelCase. Invalid values are reported (one message per
problem) and replaced by the defaults; they never stop the server or the CLI.
"""

from __future__ import annotations

import os
import re
import reprlib
import sys
from dataclasses import dataclass, field, fields
from typing import Any

from .core.discovery import DEFAULT_EXCLUDES
from .core.model import Severity
from .core.source import read_bytes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CODE_PREFIX_RE = re.compile(r"^BA\d{0,3}$")

# Settings come from a client that may send anything: what a message quotes of a value is cut
# (a 10 MB `select` is not a 10 MB popup), patterns are bounded (a 10 MB glob compiled into the
# walk's regex stopped the index), unknown keys are counted, not listed one message each.
MAX_PATTERN_CHARS = 1_000
MAX_PATTERNS = 1_000
MAX_PROBLEMS = 10  # per source; the rest are counted
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = 60
_SHOWN.maxother = 60
_SHOWN.maxlist = _SHOWN.maxdict = _SHOWN.maxtuple = _SHOWN.maxset = 5
_SHOWN.maxlevel = 3


def shown(value: Any) -> str:
    """``value`` as a message quotes it: a bounded repr."""
    return _SHOWN.repr(value)


def _name(key: Any) -> str:
    text = str(key)
    return text if len(text) <= 40 else f"{text[:37]}..."


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["BA"])
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    max_file_bytes: int = 2_000_000
    # which files make the project, as ruff decides it (core/discovery.py): `exclude` replaces
    # the defaults, `extend-exclude` adds to them; `force-exclude` applies them to files named
    # on the command line too (pre-commit names every file)
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDES))
    extend_exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False
    api_prefix: str | None = None  # a prefix every public path must carry, e.g. "/api/v1"
    # files of a test suite are checked only by the rules whose ``RuleInfo.test_files`` is
    # "always", unless this is on ("if-asked" rules then run too; "never" rules do not):
    # their routes, loops, literals and fake secrets are fixtures
    check_tests: bool = False
    # agent runtime
    model: str | None = None
    agent: str = "backend-architect"
    agent_dirs: list[str] = field(default_factory=list)
    anthropic_base_url: str | None = None
    timeout: float = 120.0
    models: dict[str, str] = field(default_factory=dict)  # alias -> full model id overrides
    # the key may come from the client's settings; never shown in a repr, a log or a message
    anthropic_api_key: str | None = field(default=None, repr=False)
    max_retries: int = 2  # the SDK's own retries (429, 5xx, connection errors)
    context_tokens: int = 24_000  # budget for the context sent with an agent request
    max_output_tokens: int = 8_000
    cache_dir: str | None = None  # agent results and reports; default ~/.cache/backend-architect
    # "Document API": where the contracts go, relative to the workspace root
    docs_markdown: str = "docs/api.md"
    docs_openapi: str = "docs/openapi.json"
    # the project's interpreter, for the explicit actions that run its code (Alembic's
    # autogenerate); default: the project's .venv/venv, else the server's own
    python: str | None = None

    def is_enabled(self, code: str, path: str | None = None, root: str | None = None) -> bool:
        best_len, enabled = -1, False
        for prefix in [*self.select, *self.extend_select]:
            if code.startswith(prefix) and len(prefix) > best_len:
                best_len, enabled = len(prefix), True
        for prefix in self.ignore:
            if code.startswith(prefix) and len(prefix) >= best_len:
                best_len, enabled = len(prefix), False
        if enabled and path is not None and self.per_file_ignores:
            rel = os.path.relpath(path, root) if root else path
            for pattern, codes in self.per_file_ignores.items():
                if _glob_match(rel, pattern) and any(code.startswith(c) for c in codes):
                    return False
        return enabled

    def severity_for(self, code: str, default: Severity) -> Severity:
        best = ""
        for prefix in self.severity:
            if code.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return self.severity[best] if best else default


@dataclass(frozen=True)
class SettingDoc:
    """What an editor shows of a setting (VS Code's package.json is generated from these:
    scripts/vscode_settings.py). ``schema`` adds JSON Schema keywords to the ones the field's
    type gives; ``restricted``: ignored from an untrusted workspace (VS Code's workspace trust)."""

    text: str
    schema: dict[str, Any] = field(default_factory=dict)
    restricted: bool = False


# Every field but the API key (which editors keep in their secret storage), in Markdown.
SETTING_DOCS: dict[str, SettingDoc] = {
    "select": SettingDoc(
        'Rule codes or prefixes to enable, e.g. `["BA1", "BA301"]`. Unset: the project\'s '
        "`[tool.backend-architect]` or all rules (`BA`)."
    ),
    "ignore": SettingDoc("Rule codes or prefixes to disable."),
    "extend_select": SettingDoc("Rule codes or prefixes to enable in addition to `select`."),
    "per_file_ignores": SettingDoc(
        'Glob pattern to rule codes to disable in matching files, e.g. `{"tests/*": ["BA1"]}`.'
    ),
    "severity": SettingDoc(
        'Override the severity of rule codes or prefixes, e.g. `{"BA3": "info"}`.'
    ),
    "max_file_bytes": SettingDoc("Files larger than this are not analysed.", {"minimum": 1}),
    "exclude": SettingDoc(
        "Glob patterns of files and folders to leave out of the project index and diagnostics, "
        "tried on every folder and file name and on paths from the root (`migrations` leaves "
        "out every `migrations/` folder). Replaces the defaults (`.venv`, `build`, "
        "`node_modules`, ...); use `extendExclude` to add to them."
    ),
    "extend_exclude": SettingDoc(
        "Glob patterns to leave out on top of `exclude` (and its defaults)."
    ),
    "respect_gitignore": SettingDoc("Leave out the files `.gitignore` ignores."),
    "force_exclude": SettingDoc(
        "`backend-architect check` applies the exclude patterns to files named on its command "
        "line too (pre-commit)."
    ),
    "api_prefix": SettingDoc(
        "A prefix every public route path must carry, e.g. `/api/v1`.", {"pattern": "^/"}
    ),
    "check_tests": SettingDoc(
        "Check the files of a test suite too (`tests/`, `test_*.py`, `conftest.py`). Off by "
        "default: their routes, loops and fake secrets are fixtures, not the application."
    ),
    "model": SettingDoc(
        "The Claude model the agent uses (an alias such as `sonnet` or a full model id). "
        "Unset: the agent file's model."
    ),
    "agent": SettingDoc("The name of the agent file that steers reviews."),
    "agent_dirs": SettingDoc("Extra folders searched for agent files."),
    # the API key travels to this URL: a workspace must not choose it
    "anthropic_base_url": SettingDoc(
        "The base URL of the Anthropic API (for a proxy or gateway).", restricted=True
    ),
    "timeout": SettingDoc("Seconds an agent request may take.", {"exclusiveMinimum": 0}),
    "models": SettingDoc("Model alias to full model id overrides."),
    "max_retries": SettingDoc(
        "Retries of an agent request after a rate limit, a server error or a dropped connection.",
        {"minimum": 0},
    ),
    "context_tokens": SettingDoc(
        "The budget of the project context sent with an agent request, in tokens.",
        {"minimum": 1},
    ),
    "max_output_tokens": SettingDoc("The most tokens the agent may answer with.", {"minimum": 1}),
    "cache_dir": SettingDoc(
        "Where agent results and review reports are kept (default `~/.cache/backend-architect`).",
        restricted=True,
    ),
    "docs_markdown": SettingDoc(
        'Where "Document API" writes the Markdown contracts, relative to the workspace.'
    ),
    "docs_openapi": SettingDoc(
        'Where "Document API" writes the OpenAPI 3.1 document, relative to the workspace.'
    ),
    # an interpreter runs code: a workspace must not choose it
    "python": SettingDoc(
        "The project's Python interpreter, for the explicit actions that run the project's "
        "code (\"Generate migration with Alembic's autogenerate\"). Default: the project's "
        "`.venv`/`venv`, else the server's own.",
        restricted=True,
    ),
}


def _glob_match(path: str, pattern: str) -> bool:
    from fnmatch import fnmatch

    path = path.replace(os.sep, "/")
    return (
        fnmatch(path, pattern)
        or fnmatch(os.path.basename(path), pattern)
        or fnmatch(path, f"*/{pattern}")
    )


def _snake(key: str) -> str:
    key = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()
    return key.replace("-", "_")


_FIELDS = {f.name: f for f in fields(Settings)}


def _codes(value: Any, where: str, problems: list[str]) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(
            f'{where} must be a list of rule codes such as ["BA1", "BA301"]; got {shown(value)}'
        )
        return None
    bad = [v for v in value if len(v) > 5 or not CODE_PREFIX_RE.match(v.upper())]
    if bad:
        listed = ", ".join(shown(v) for v in bad[:5])
        listed += f" and {len(bad) - 5:,} more" if len(bad) > 5 else ""
        problems.append(
            f"{where} has unknown rule code(s) {listed}: codes look like BA, BA1 or BA301"
        )
        return None
    return [v.upper() for v in value]


def _patterns(value: Any, where: str, problems: list[str]) -> list[str] | None:
    """Glob patterns: a list of strings, each and all of them of bounded size (an oversized
    pattern is left out, with a message)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where} must be a list of strings; got {shown(value)}")
        return None
    if len(value) > MAX_PATTERNS:
        problems.append(f"{where} has {len(value):,} patterns (at most {MAX_PATTERNS:,}); ignored")
        return None
    long = [v for v in value if len(v) > MAX_PATTERN_CHARS]
    if long:
        problems.append(
            f"{where}: {len(long)} pattern(s) longer than {MAX_PATTERN_CHARS:,} characters "
            f"left out ({shown(long[0])}, {len(long[0]):,} characters)"
        )
    return [v for v in value if len(v) <= MAX_PATTERN_CHARS]


def _bounded(problems: list[str], source: str) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS + 1
    return [*problems[: MAX_PROBLEMS - 1], f"{source}: {rest:,} more problem(s)"]


def apply(settings: Settings, raw: Any, source: str) -> list[str]:
    """Apply ``raw`` (one source's settings) onto ``settings``; return the problems found."""
    problems: list[str] = []
    unknown: list[str] = []
    if not isinstance(raw, dict):
        return [f"{source}: settings must be a table/object, got {type(raw).__name__}"]
    for key, value in raw.items():
        name = _snake(str(key)[:100])
        where = f"{source}: `{_name(key)}`"
        if name not in _FIELDS:
            unknown.append(_name(key))
            continue
        if name in {"select", "ignore", "extend_select"}:
            codes = _codes(value, where, problems)
            if codes is not None:
                setattr(settings, name, codes)
        elif name == "per_file_ignores":
            if not isinstance(value, dict):
                problems.append(f"{where} must map glob patterns to lists of codes")
                continue
            table: dict[str, list[str]] = {}
            kept = set(_patterns([str(p) for p in value], where, problems) or [])
            for pattern, codes_raw in value.items():
                if str(pattern) not in kept:
                    continue
                codes = _codes(codes_raw, f"{where}[{shown(pattern)}]", problems)
                if codes is not None:
                    table[str(pattern)] = codes
            settings.per_file_ignores = table
        elif name == "severity":
            if not isinstance(value, dict):
                problems.append(f"{where} must map rule codes to error|warning|info|hint")
                continue
            sev: dict[str, Severity] = {}
            for code, level in value.items():
                try:
                    if not CODE_PREFIX_RE.match(str(code).upper()):
                        raise ValueError
                    sev[str(code).upper()] = Severity(str(level).lower())
                except ValueError:
                    problems.append(
                        f"{where}: {shown(code)} = {shown(level)} is not valid; use a rule code and one of error, warning, info, hint"
                    )
            settings.severity = sev
        elif name in {"max_file_bytes", "context_tokens", "max_output_tokens"}:
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                problems.append(f"{where} must be a positive integer; got {shown(value)}")
            else:
                setattr(settings, name, value)
        elif name == "max_retries":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                problems.append(f"{where} must be a non-negative integer; got {shown(value)}")
            else:
                settings.max_retries = value
        elif name == "anthropic_api_key":
            if value is not None and not isinstance(value, str):
                # never echo the value: it may be a key pasted in the wrong shape
                problems.append(f"{where} must be a string")
            else:
                settings.anthropic_api_key = value or None
        elif name == "timeout":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                problems.append(f"{where} must be a positive number of seconds; got {shown(value)}")
            else:
                settings.timeout = float(value)
        elif name in {"exclude", "extend_exclude", "agent_dirs"}:
            patterns = _patterns(value, where, problems)
            if patterns is not None:
                setattr(settings, name, patterns)
        elif name == "models":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                problems.append(f"{where} must map model aliases to model ids")
            else:
                settings.models = {str(k): v for k, v in value.items()}
        elif name in {"check_tests", "respect_gitignore", "force_exclude"}:
            if not isinstance(value, bool):
                problems.append(f"{where} must be true or false; got {shown(value)}")
            else:
                setattr(settings, name, value)
        elif name == "api_prefix":
            if value is not None and (not isinstance(value, str) or not value.startswith("/")):
                problems.append(f"{where} must be a path starting with '/'; got {shown(value)}")
            else:
                settings.api_prefix = value
        else:  # plain optional strings: model, agent, anthropic_base_url, cache_dir
            if value is not None and not isinstance(value, str):
                problems.append(f"{where} must be a string; got {shown(value)}")
            elif value is not None:
                setattr(settings, name, value)
    if len(unknown) == 1:
        problems.append(f"{source}: `{unknown[0]}` is not a setting of backend-architect")
    elif unknown:
        names = ", ".join(f"`{k}`" for k in unknown[:3])
        more = f", ... and {len(unknown) - 3:,} more" if len(unknown) > 3 else ""
        problems.append(f"{source}: {len(unknown):,} unknown settings: {names}{more}")
    return _bounded(problems, source)


PYPROJECT_MAX_BYTES = 1_000_000


def read_pyproject(root: str) -> tuple[dict[str, Any], list[str]]:
    path = os.path.join(root, "pyproject.toml")
    if not os.path.lexists(path):
        return {}, []
    try:  # a regular file of sane size, UTF-8, not nested past the parser's depth
        data = tomllib.loads(read_bytes(path, PYPROJECT_MAX_BYTES).decode("utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError) as exc:  # TOMLDecodeError too
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return {}, [f"{path}: cannot read ({reason[:200]}); the defaults apply"]
    section = data.get("tool", {}).get("backend-architect", {})
    return (
        (section, [])
        if isinstance(section, dict)
        else ({}, [f"{path}: [tool.backend-architect] must be a table"])
    )


def load(
    root: str | None,
    workspace_config: Any = None,
    init_options: Any = None,
) -> tuple[Settings, list[str]]:
    """Merge every source into one Settings; return it and the problems found."""
    settings = Settings()
    problems: list[str] = []
    if root:
        raw, read_problems = read_pyproject(root)
        problems += read_problems
        problems += apply(settings, raw, "pyproject.toml [tool.backend-architect]")
    # a client's settings may be anything: what is not an object is reported, not dropped
    if workspace_config is not None:
        problems += apply(settings, workspace_config, "workspace settings")
    if init_options is not None:
        problems += apply(settings, init_options, "initializationOptions")
    return settings, problems

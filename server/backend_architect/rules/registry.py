"""The rule registry: every rule's metadata, and the base class rules implement.

A rule says which AST node types it wants; the engine walks each tree once and hands every
node to the rules that asked for its type (one pass for all rules). Rules that read the
project index instead (routes, models) implement ``check_file``.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, ClassVar

from ..core.model import Severity

if TYPE_CHECKING:
    from .file_context import FileContext
from .rule_info import RuleInfo


class Rule:
    """Base class. Subclasses set ``info`` and ``node_types`` and implement ``visit``
    and/or ``check_file``; they report through ``ctx.report``."""

    info: ClassVar[RuleInfo]
    # the files the rule reads: Python rules walk the tree; ``rules/container_rules.py`` has
    # the bases of the Dockerfile and Compose rules, which the engine runs on those files only
    file_kind: ClassVar[str] = "python"
    node_types: ClassVar[tuple[type[ast.AST], ...]] = ()
    # Prefilters for ``ast.Call`` (a third of all nodes; a Python call per rule and call adds
    # up): a rule that sets any is handed only the calls that pass one of them, so together
    # they must pass every call the rule can act on. ``call_qualified``: the callee's
    # import-resolved name (``FileData.qualified``, e.g. ``yaml.load``); ``call_names``: the
    # callee's last name (``func.attr`` or ``func.id``); ``call_keywords``: a keyword's name.
    call_qualified: ClassVar[frozenset[str] | None] = None
    call_names: ClassVar[frozenset[str] | None] = None
    call_keywords: ClassVar[frozenset[str] | None] = None
    # Text gates, checked once per file before its walk: the rule (``text_markers``), or its
    # visits of one node type (``type_markers``), can only act in a file whose text contains
    # one of the strings as written (a substring test, case-sensitive). Together with what
    # the rule reads they must be a necessary condition: the rule's own code is the proof.
    text_markers: ClassVar[tuple[str, ...] | None] = None
    type_markers: ClassVar[Mapping[type[ast.AST], tuple[str, ...]]] = {}
    # How the editor's incremental check runs the rule (``rules/incremental.py``): None
    # decides from the rule's shape (visits only: per unit; a file pass: the whole file);
    # "handler" for a file pass that judges each handler on its own, so it may be shown only
    # the routes of the definitions that changed.
    scope: ClassVar[str | None] = None

    def visit(self, node: ast.AST, ctx: FileContext) -> None:  # pragma: no cover - interface
        pass

    def check_file(self, ctx: FileContext) -> None:  # pragma: no cover - interface
        pass


_RULES: dict[str, type[Rule]] = {}

# Not rules, but findings of the tool itself; they share the code space and the registry so
# they can be documented, selected and ignored like rules.
TOOL_RULES = {
    "BA001": RuleInfo(
        "BA001",
        "syntax-error",
        "The file does not parse; findings below it may be missing.",
        Severity.ERROR,
        "A file the interpreter cannot parse cannot be checked fully. The rest of the file is "
        "still indexed: the offending lines are set aside and reported here.",
        "def handler(:\n    ...",
        "def handler():\n    ...",
        test_files="always",
    ),
    "BA002": RuleInfo(
        "BA002",
        "file-not-read",
        "The file was not read (binary, too large, or not decodable).",
        Severity.WARNING,
        "Files over the size limit, binary files and files in an unknown encoding are skipped "
        "so one odd file cannot stall the editor; this says which and why.",
        "# a 40 MB generated module",
        "# exclude generated files, or raise max-file-bytes",
        test_files="always",
    ),
    "BA003": RuleInfo(
        "BA003",
        "rule-failed",
        "A rule failed on this file; its findings here are missing.",
        Severity.WARNING,
        "A bug in one rule must not cost the findings of the others: the failing rule is "
        "switched off for the file and this says which, so it can be reported and fixed.",
        "# (an internal error, not a problem in your code)",
        "# (nothing to change in your code)",
        test_files="always",
    ),
}


# code -> info of the registered rule classes, made once (``info`` is asked per finding shown)
_by_code: dict[str, RuleInfo] | None = None


def register(cls: type[Rule]) -> type[Rule]:
    code = cls.info.code
    if code in _RULES or code in TOOL_RULES:
        raise ValueError(f"rule code {code} registered twice")
    global _by_code
    _RULES[code] = cls
    _by_code = None
    return cls


# A rule lives in its family's package (``rules/database/ba401_query_in_loop.py``); importing
# the module registers it. ``support/`` holds what rules share and registers nothing.
RULE_MODULE_RE = re.compile(r"^ba\d{3}_\w+$")
_loaded = False


def _load_rule_modules() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    package = importlib.import_module(__package__ or "backend_architect.rules")
    for family in pkgutil.iter_modules(package.__path__):
        if not family.ispkg or family.name == "support":
            continue
        sub = importlib.import_module(f"{package.__name__}.{family.name}")
        for module in sorted(pkgutil.iter_modules(sub.__path__), key=lambda m: m.name):
            if RULE_MODULE_RE.match(module.name):
                importlib.import_module(f"{sub.__name__}.{module.name}")


def rule_classes() -> dict[str, type[Rule]]:
    _load_rule_modules()
    return dict(sorted(_RULES.items()))


# The rules' metadata as ``catalogue.py`` stored it for this very code: what reports and cache
# keys need when no rule has to run (a warm ``check``), without importing the rule modules.
_catalogue: dict[str, RuleInfo] | None = None


def use_catalogue(infos: dict[str, RuleInfo]) -> None:
    global _catalogue
    _catalogue = infos


def _infos() -> dict[str, RuleInfo]:
    global _by_code
    if _catalogue is not None and not _loaded:
        return _catalogue
    if _by_code is None:
        _by_code = {code: cls.info for code, cls in rule_classes().items()}
    return _by_code


def all_infos() -> Iterator[RuleInfo]:
    infos = [*TOOL_RULES.values(), *_infos().values()]
    yield from sorted(infos, key=lambda i: i.code)


def info(code: str) -> RuleInfo | None:
    code = code.upper()
    if code in TOOL_RULES:
        return TOOL_RULES[code]
    return _infos().get(code)

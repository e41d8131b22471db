"""The Jinja2 and Django templates a handler renders: where the file is (the ``templates``
folders from the view's package up to the project root, Django's app folders beside them),
and the places in it that output a value unescaped."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass

from ..file_context import FileContext
from .project_files import MAX_DOC_BYTES, project_root, read_text

TEMPLATE_DIR = "templates"
MAX_STAMPED = 2_000  # template files stamped for the check cache
MAX_DEPTH = 3  # folders below the root searched for ``templates`` folders (app/templates: 1)
# folders that hold no templates a handler renders: not searched for ``templates`` folders
SKIPPED = frozenset(
    {"node_modules", "__pycache__", "venv", "migrations", "static", "locale", "docs", "tests",
     "test", "site-packages", "dist", "build"}
)  # fmt: skip

_VAR_RE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_SAFE_RE = re.compile(r"\|\s*safe\b")
_AUTOESCAPE_OFF_RE = re.compile(r"\{%-?\s*autoescape\s+(?:off|false)\s*-?%\}", re.IGNORECASE)
_MARKUP_RE = re.compile(r"\bMarkup\s*\(")
_SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# ``href={{ url }}``: a value as an attribute without quotes ends at the first space
_UNQUOTED_RE = re.compile(r"<[a-zA-Z][^<>]*?\s[\w:-]+\s*=\s*(\{\{)")
# filters that make a value safe inside a script: JSON-encoded or JS-escaped
_SCRIPT_SAFE = ("tojson", "escapejs", "json_script", "|int", "|float", "length")


@dataclass(frozen=True)
class Unescaped:
    line: int  # 1-based
    what: str


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def unescaped(text: str) -> list[Unescaped]:
    """Where a template outputs a value without escaping it for where it stands."""
    out: list[Unescaped] = []
    for m in _VAR_RE.finditer(text):
        if _SAFE_RE.search(m.group(1)):
            out.append(Unescaped(_line_of(text, m.start()), f"`{{{{ {m.group(1).strip()} }}}}`"))
        elif _MARKUP_RE.search(m.group(1)):
            out.append(Unescaped(_line_of(text, m.start()), "`Markup(...)` in the template"))
    for m in _AUTOESCAPE_OFF_RE.finditer(text):
        out.append(Unescaped(_line_of(text, m.start()), "`{% autoescape off %}`"))
    for script in _SCRIPT_RE.finditer(text):
        body_start = script.start(1)
        for v in _VAR_RE.finditer(script.group(1)):
            if not any(s in v.group(1) for s in _SCRIPT_SAFE) and not _SAFE_RE.search(v.group(1)):
                out.append(
                    Unescaped(
                        _line_of(text, body_start + v.start()),
                        f"`{{{{ {v.group(1).strip()} }}}}` inside `<script>` (HTML escaping does "
                        "not protect JavaScript; use `|tojson` or `json_script`)",
                    )
                )
    for m in _UNQUOTED_RE.finditer(text):
        out.append(Unescaped(_line_of(text, m.start(1)), "a value in an unquoted attribute"))
    return sorted(out, key=lambda u: u.line)


def _regular(path: str) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size <= MAX_DOC_BYTES


def find_template(ctx: FileContext, name: str) -> str | None:
    """The file ``name`` names: ``templates/<name>`` in the view's folder or a folder above it
    up to the project root, or in an app folder beside one (Django's ``APP_DIRS``)."""
    if not name or name.startswith("/") or ".." in name.split("/"):
        return None
    root = project_root(ctx)
    folder = os.path.dirname(os.path.abspath(ctx.path))
    top = os.path.abspath(root) if root is not None else folder
    seen = 0
    while seen < 8:
        seen += 1
        direct = os.path.join(folder, TEMPLATE_DIR, name)
        if _regular(direct):
            return direct
        for sub in _subfolders(ctx, folder):
            candidate = os.path.join(sub, TEMPLATE_DIR, name)
            if _regular(candidate):
                return candidate
        if folder == top or os.path.dirname(folder) == folder:
            return None
        folder = os.path.dirname(folder)
    return None


def _subfolders(ctx: FileContext, folder: str) -> list[str]:
    """A folder's subfolders, listed once per checked file (its render calls share them)."""
    key = f"template-folders:{folder}"
    hit = ctx.shared.get(key)
    if isinstance(hit, list):
        return hit
    try:
        subs = [e.path for e in os.scandir(folder) if e.is_dir() and not e.name.startswith(".")]
    except OSError:
        subs = []
    found = ctx.shared[key] = sorted(subs)[:200]
    return found


def template_text(path: str) -> str:
    """The template's text; "" when it cannot be read (a permission, a file gone)."""
    try:
        return read_text(path) if _regular(path) else ""
    except OSError:
        return ""


def template_stamps(root: str) -> list[tuple[str, int, int]]:
    """Size and mtime of the files in the project's ``templates`` folders (to a bounded depth
    and count): a rule reads them, so their changes count for the check cache."""
    out: list[tuple[str, int, int]] = []
    stack: list[tuple[str, int]] = [(root, 0)]
    while stack and len(out) < MAX_STAMPED:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for e in entries:
            try:
                if not e.is_dir(follow_symlinks=False) or e.name.startswith("."):
                    continue
            except OSError:
                continue
            if e.name == TEMPLATE_DIR:
                out.extend(_stamps_under(e.path, root, MAX_STAMPED - len(out)))
            elif depth < MAX_DEPTH and e.name not in SKIPPED:
                stack.append((e.path, depth + 1))
    return out


def _stamps_under(folder: str, root: str, limit: int) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            if len(out) >= limit:
                return out
            try:
                st = os.stat(os.path.join(base, f))
            except OSError:
                continue
            out.append((os.path.relpath(os.path.join(base, f), root), st.st_size, st.st_mtime_ns))
    return out

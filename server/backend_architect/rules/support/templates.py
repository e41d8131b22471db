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
from .template_stamps import TEMPLATE_DIR

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

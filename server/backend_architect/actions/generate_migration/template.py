"""The revision file as the project's ``script.py.mako`` lays it out, and its name as
``file_template`` says. The template is filled, not run: only the expressions Alembic's own
templates use are understood; any other template gets Alembic's generic one."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

GENERIC = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
'''
EXPR = re.compile(r"\$\{([^}]*)\}")


def new_revision_id() -> str:
    return uuid.uuid4().hex[-12:]


def slug(message: str, limit: int = 40) -> str:
    """Alembic's: the message's words joined by ``_``, cut at a word under ``limit``."""
    text = "_".join(re.findall(r"\w+", message or "")).lower()
    if len(text) > limit:
        text = text[:limit].rsplit("_", 1)[0] + "_"
    return text


def file_name(template: str, rev: str, message: str, now: datetime, limit: int = 40) -> str:
    values = {
        "rev": rev, "slug": slug(message, limit), "epoch": int(now.timestamp()),
        "year": now.year, "month": now.month, "day": now.day,
        "hour": now.hour, "minute": now.minute, "second": now.second,
    }  # fmt: skip
    try:
        name = template % values
    except (KeyError, ValueError, TypeError):
        name = f"{rev}_{values['slug']}"
    return name + ".py"


def fill(template: str | None, values: dict[str, object], body_indent: int = 4) -> str:
    """The template with Alembic's expressions replaced; the generic template when it holds
    Mako code this does not understand (``<% %>`` blocks, ``%`` control lines, other
    expressions)."""
    text = template if template is not None and _understood(template) else GENERIC
    out = []
    for line in text.splitlines(keepends=True):
        indent = line[: len(line) - len(line.lstrip())]

        def replace(m: re.Match[str], at: str = indent) -> str:
            return _value(m.group(1).strip(), values, at)

        out.append(EXPR.sub(replace, line))
    return "".join(out)


KNOWN = {
    "message", "up_revision", "down_revision | comma,n", "create_date",
    "repr(up_revision)", "repr(down_revision)", "repr(branch_labels)", "repr(depends_on)",
    'imports if imports else ""', 'upgrades if upgrades else "pass"',
    'downgrades if downgrades else "pass"',
}  # fmt: skip


def _understood(template: str) -> bool:
    if "<%" in template or re.search(r"^\s*%(?!%)", template, re.M):
        return False
    return all(m.group(1).strip() in KNOWN for m in EXPR.finditer(template))


def _value(expr: str, values: dict[str, object], indent: str) -> str:
    if expr.startswith("repr("):
        return repr(values.get(expr[5:-1]))
    if expr == "down_revision | comma,n":
        down = values.get("down_revision")
        return ", ".join(down) if isinstance(down, tuple) else str(down or "")
    if expr.startswith(("upgrades", "downgrades", "imports")):
        key = expr.split()[0]
        text = str(values.get(key) or "")
        if not text:
            return "pass" if key != "imports" else ""
        return text.replace("\n", "\n" + indent)
    return str(values.get(expr, ""))

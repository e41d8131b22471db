"""What can be done about the findings in a range, as plain data for a front end to convert:
each finding with its rule's fix and the edit that silences it, and one edit applying every fix."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Edit, Finding


@dataclass(frozen=True)
class FindingActions:
    finding: Finding  # its ``fix``, when the rule built one, is the "Fix: ..." action
    noqa: Edit | None  # the edit adding its code to a noqa comment; None for agent findings


@dataclass(frozen=True)
class FixAll:
    edit: Edit  # one whole-line region of the file replaced
    count: int  # how many fixes it applies


@dataclass(frozen=True)
class CodeActions:
    findings: list[FindingActions]  # the findings that touch the requested range
    fix_all: FixAll | None  # every non-overlapping checklist fix of the file

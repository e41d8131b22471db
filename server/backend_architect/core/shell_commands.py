"""The simple commands of a RUN line (or a RUN heredoc), each word with its position.

Enough shell for the rules to read what a build step runs: words split as the shell splits
them (quotes, backslashes), commands separated by ``&&``, ``||``, ``;``, ``|``, ``&``, newlines
and parentheses, comments dropped; nothing is expanded. ``set -o pipefail`` and pipes are seen
as the operators that join commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dockerfile import Instruction, Logical, Word, read_word

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh"})
OPERATORS = ("&&", "||", ";;", ";", "|", "&", "(", ")", "\n")
_OP_STARTS = frozenset(o[0] for o in OPERATORS)
_BREAKS = _OP_STARTS | {" ", "\t"}


@dataclass(frozen=True)
class Command:
    words: tuple[Word, ...]
    before: str  # the operator that led to it ("" for the first; "|" for a pipe's right side)

    @property
    def name(self) -> str:
        return self.words[0].text if self.words else ""

    def args(self) -> tuple[Word, ...]:
        return self.words[1:]

    def has(self, *options: str) -> bool:
        """Whether any word is one of ``options`` (``-y``) or a short-option cluster holding a
        one-letter option asked for (``-qy`` holds ``-y``), or ``--opt=value`` for ``--opt``."""
        for w in self.words[1:]:
            t = w.text
            if t in options or t.split("=", 1)[0] in options:
                return True
            cluster = len(t) > 2 and t[0] == "-" and t[1] != "-"
            if cluster and any(len(o) == 2 and o[0] == "-" and o[1] in t[1:] for o in options):
                return True
        return False


def commands(text: Logical) -> list[Command]:
    out: list[Command] = []
    words: list[Word] = []
    before = ""
    s = text.text
    i = 0

    def flush(op: str) -> None:
        nonlocal words, before
        if words:
            out.append(Command(tuple(words), before))
        words = []
        before = op

    while i < len(s):
        c = s[i]
        if c in " \t":
            i += 1
            continue
        if c == "#" and (i == 0 or s[i - 1] in " \t\n;&|("):
            while i < len(s) and s[i] != "\n":
                i += 1  # a comment runs to the end of its line
            continue
        op = next((o for o in OPERATORS if s.startswith(o, i)), None) if c in _OP_STARTS else None
        if op is not None:
            flush(op)
            i += len(op)
            continue
        value, end = read_word(s, i, _BREAKS)
        words.append(Word(value, s[i:end], text.span(i, end)))
        i = end
    flush("")
    return out


def run_commands(inst: Instruction) -> list[Command]:
    """The commands a RUN runs: its shell-form line, or its heredoc scripts (a heredoc's
    first line naming another interpreter, ``#!/usr/bin/env python``, is not shell). Read
    once per instruction, however many rules ask."""
    cached = inst.memo.get("commands")
    if not isinstance(cached, list):
        cached = inst.memo["commands"] = _run_commands(inst)
    return cached


def _run_commands(inst: Instruction) -> list[Command]:
    if inst.json:
        return [Command(inst.words, "")] if inst.words else []
    if not inst.heredocs:
        return commands(inst.args)
    line = commands(inst.args)  # ``RUN <<EOF`` or ``RUN bash <<EOF``: the line's own words
    out = [c for c in line if not c.name.startswith("<<")]
    if any(c.name.rsplit("/", 1)[-1] not in SHELLS for c in out):
        return out  # ``RUN python <<EOF``, ``RUN cat <<EOF > file``: the body is not shell
    for doc in inst.heredocs:
        first = doc.content.text.split("\n", 1)[0]
        if first.startswith("#!") and not any(sh in first for sh in ("sh", "bash", "ash")):
            continue
        out += commands(doc.content)
    return out

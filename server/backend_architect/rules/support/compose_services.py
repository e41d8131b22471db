"""What a Compose service built from the project runs: its build context (a folder of the
project), the Dockerfile there, the server its command starts, the environment it gets."""

from __future__ import annotations

import os
import re

from ...core.compose import Node, Service, scalar, sequence, span_of, value
from ...core.dockerfile import Dockerfile, Logical, Word, parse_dockerfile, shell_words
from ...core.model import Position
from ..container_rules import ComposeContext
from .app_targets import project_files_under
from .docker_images import command_words
from .project_files import read_text
from .servers import Server, find_server


def build_context(ctx: ComposeContext, service: Service) -> str | None:
    """The folder ``build:`` names (short or long form), absolute; None without a local one."""
    build = service.value("build")
    if build is None:
        return None
    context = scalar(build) if scalar(build) is not None else scalar(value(build, "context"))
    context = "." if context is None else context
    if "$" in context or re.match(r"^[a-z]+://|^git@", context):
        return None
    return os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(ctx.path)), context))


def project_context(ctx: ComposeContext, service: Service) -> str | None:
    """The build context when it holds Python files the index knows (this project's image)."""
    index = ctx.index
    folder = build_context(ctx, service)
    if index is None or folder is None or not project_files_under(index, folder):
        return None
    return folder


def dockerfile(ctx: ComposeContext, service: Service, folder: str) -> Dockerfile | None:
    name = scalar(value(service.value("build"), "dockerfile")) or "Dockerfile"
    path = os.path.join(folder, name)
    if "$" in name or not os.path.isfile(path):
        return None
    return parse_dockerfile(read_text(path))


def command_of(service: Service) -> list[Word] | None:
    """``command`` (and ``entrypoint``) as words, or None when the service sets neither."""
    out: list[Word] = []
    found = False
    for key in ("entrypoint", "command"):
        node = service.value(key)
        if node is None:
            continue
        found = True
        out += _words(node)
    return out if found else None


def _words(node: Node) -> list[Word]:
    items = sequence(node)
    if items:
        return [Word(scalar(n) or "", scalar(n) or "", span_of(n)) for n in items]
    text = scalar(node) or ""
    start = node.start_mark
    logical = Logical(text, tuple(Position(start.line, start.column + i) for i in range(len(text))))
    return shell_words(logical)


def server(ctx: ComposeContext, service: Service, folder: str) -> Server | None:
    """The server the service runs: its own ``command``, else its Dockerfile's final (or
    ``target``) stage's ENTRYPOINT + CMD."""
    words = command_of(service)
    if words is None:
        df = dockerfile(ctx, service, folder)
        if df is None or not df.stages:
            return None
        target = scalar(value(service.value("build"), "target"))
        stage = next(
            (s for s in df.stages if target and s.name and s.name.text == target), df.stages[-1]
        )
        words = command_words(stage)
    return find_server(words)


def environment_names(ctx: ComposeContext, service: Service, folder: str | None) -> set[str] | None:
    """The variables the service's container gets: ``environment`` (with a value or passed
    through), ``env_file`` files, and the ENVs of its Dockerfile. None when an ``env_file`` is
    missing or unreadable (what it sets cannot be known)."""
    names = {name for name, _val, _k, _v in service.environment()}
    base = os.path.dirname(os.path.abspath(ctx.path))
    env_file = service.value("env_file")
    entries = sequence(env_file) or ([env_file] if env_file is not None else [])
    for entry in entries:
        path = scalar(entry) if scalar(entry) is not None else scalar(value(entry, "path"))
        optional = scalar(value(entry, "required")) == "false"
        if path is None or "$" in path:
            return None
        full = os.path.join(base, path)
        if not os.path.isfile(full):
            if optional:
                continue
            return None
        for line in read_text(full).splitlines():
            m = re.match(r"^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=", line)
            if m:
                names.add(m.group(1))
    if folder is not None:
        df = dockerfile(ctx, service, folder)
        if df is not None:
            for inst in df.instructions:
                if inst.keyword == "ENV":
                    words = inst.words
                    if words and "=" not in words[0].text:
                        names.add(words[0].text)
                    else:
                        names.update(w.text.split("=", 1)[0] for w in words if "=" in w.text)
    return names

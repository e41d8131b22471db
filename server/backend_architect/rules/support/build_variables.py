"""The variables a Dockerfile instruction expands (``$NAME``, ``${NAME}``), where each is
written, and which names a stage has in scope: its ARGs and ENVs so far, the ENVs of the
stage it builds on, BuildKit's predefined ARGs, and the environment official base images set."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.dockerfile import Dockerfile, Instruction, Stage
from ...core.model import Span
from .docker_images import image_ref

# BuildKit expands variables in these (RUN, CMD, ENTRYPOINT and HEALTHCHECK go to the shell)
EXPANDED = frozenset(
    {
        "ADD",
        "COPY",
        "ENV",
        "EXPOSE",
        "FROM",
        "LABEL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
        "ARG",
    }
)
PREDEFINED = frozenset(
    {
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "FTP_PROXY",
        "ftp_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    }
)
# usable in FROM without a global ARG; inside a stage they need ``ARG TARGETARCH``
PLATFORM = frozenset(
    {
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "TARGETSTAGE",
    }
)
# what the official images' configs set (``docker image inspect``); other images may set more
IMAGE_ENV = {
    "": frozenset({"PATH", "HOME", "HOSTNAME", "TERM", "LANG", "LC_ALL"}),
    "python": frozenset(
        {
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "GPG_KEY",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
        }
    ),
    "pypy": frozenset({"PYPY_VERSION"}),
    "node": frozenset({"NODE_VERSION", "YARN_VERSION"}),
    "golang": frozenset({"GOLANG_VERSION", "GOPATH", "GOTOOLCHAIN"}),
    "debian": frozenset(),
    "ubuntu": frozenset(),
    "alpine": frozenset(),
    "busybox": frozenset(),
    "fedora": frozenset({"DISTTAG", "FGC", "FBR"}),
    "rockylinux": frozenset(),
    "almalinux": frozenset(),
    "amazonlinux": frozenset(),
    "python3": frozenset({"SSL_CERT_FILE"}),  # gcr.io/distroless/python3
}

_VAR_RE = re.compile(r"\$(?:\{([A-Za-z_]\w*)([^}]*)\}|([A-Za-z_]\w*))")


@dataclass(frozen=True)
class Use:
    name: str
    span: Span
    has_default: bool  # ``${NAME:-x}``, ``${NAME:+x}``, ``${NAME?}``...


def uses(inst: Instruction, escape: str) -> list[Use]:
    """The variables ``inst``'s arguments expand, outside single quotes and not escaped."""
    text = inst.args.text
    out: list[Use] = []
    quote = ""
    i = 0
    while i < len(text):
        c = text[i]
        if c == escape and i + 1 < len(text):
            i += 2
            continue
        if c == "'" and quote != '"':
            quote = "" if quote == "'" else "'"
        elif c == '"' and quote != "'":
            quote = "" if quote == '"' else '"'
        elif c == "$" and quote != "'":
            m = _VAR_RE.match(text, i)
            if m is not None:
                name = m.group(1) or m.group(3)
                out.append(Use(name, inst.args.span(m.start(), m.end()), bool(m.group(2))))
                i = m.end()
                continue
        i += 1
    return out


def declared(inst: Instruction) -> list[str]:
    """The names an ARG or ENV instruction declares (``ARG A=1 B``, ``ENV A=1``, ``ENV A 1``)."""
    words = inst.words
    if inst.keyword == "ENV" and words and "=" not in words[0].text:
        return [words[0].text]
    if inst.keyword in ("ARG", "ENV"):
        return [w.text.split("=", 1)[0] for w in words if w.text.split("=", 1)[0]]
    return []


def global_args(df: Dockerfile) -> set[str]:
    return {n for i in df.instructions if i.stage == -1 and i.keyword == "ARG" for n in declared(i)}


def inherited(df: Dockerfile, stage: Stage, seen: frozenset[int] = frozenset()) -> set[str] | None:
    """The names a stage starts with: its parent stage's ENVs (and what that one inherited), or
    the environment its official base image sets; None for an image whose environment is not
    known here (a rule then says nothing about names it might set)."""
    base = stage.base.text if stage.base is not None else ""
    parent = next(
        (s for s in df.stages[: stage.index] if s.name and s.name.text.lower() == base.lower()),
        None,
    )
    if parent is not None and parent.index not in seen:
        above = inherited(df, parent, seen | {parent.index})
        if above is None:
            return None
        return above | {n for i in parent.of("ENV") for n in declared(i)}
    if base.lower() == "scratch":
        return set(IMAGE_ENV[""])
    short = image_ref(base).short_name
    if "$" in base or short not in IMAGE_ENV:
        return None
    return set(IMAGE_ENV[""] | IMAGE_ENV[short])

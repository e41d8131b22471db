"""What the Dockerfile and Compose rules share: image references, which images are databases,
the commands of a stage, and the dependency installs and servers they run."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...core.dockerfile import Dockerfile, Instruction, Stage, Word
from ...core.shell_commands import Command, run_commands


@dataclass(frozen=True)
class ImageRef:
    name: str  # "python", "library/postgres", "ghcr.io/org/app"
    tag: str | None
    digest: str | None
    tag_start: int  # offset of the tag in the reference (after ':'), -1 without a tag

    @property
    def short_name(self) -> str:
        return self.name.rsplit("/", 1)[-1].lower()


def image_ref(ref: str) -> ImageRef:
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    tag = None
    tag_start = -1
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:  # a colon after the last slash is the tag (before it, a registry port)
        tag, tag_start = ref[colon + 1 :], colon + 1
        ref = ref[:colon]
    return ImageRef(ref, tag, digest, tag_start)


def has_variable(text: str) -> bool:
    return "$" in text


DATABASE_IMAGES = {
    "postgres": "/var/lib/postgresql/data",
    "postgis": "/var/lib/postgresql/data",
    "timescaledb": "/var/lib/postgresql/data",
    "mysql": "/var/lib/mysql",
    "mariadb": "/var/lib/mysql",
    "mongo": "/data/db",
    "mongodb": "/data/db",
}
DATA_DIRS = frozenset(DATABASE_IMAGES.values()) | {"/bitnami/postgresql", "/bitnami/mysql"}


def database_kind(image: str) -> str | None:
    """ "postgres" for ``postgres:16``, ``postgis/postgis:16-3.4``, ``bitnami/postgresql``..."""
    short = image_ref(image).short_name
    for name in DATABASE_IMAGES:
        if short == name or short.startswith(name):
            return name
    if short == "postgresql":
        return "postgres"
    return None


def commands_of(inst: Instruction) -> list[Command]:
    return run_commands(inst) if inst.keyword == "RUN" else []


def stage_commands(stage: Stage) -> list[tuple[Instruction, Command]]:
    return [(i, c) for i in stage.instructions for c in commands_of(i)]


def env_names(stage: Stage) -> set[str]:
    """The variables ENV sets in the stage (``ENV A=1 B=2`` and the legacy ``ENV A 1``)."""
    out: set[str] = set()
    for inst in stage.of("ENV"):
        words = inst.words
        if words and "=" not in words[0].text:
            out.add(words[0].text)
            continue
        out.update(w.text.split("=", 1)[0] for w in words if "=" in w.text)
    return out


def pip_install(cmd: Command) -> tuple[Word, Word] | None:
    """(first word, ``install``) of ``pip install`` / ``pip3 install`` / ``python -m pip
    install``; None for any other command."""
    words = cmd.words
    names = [w.text.rsplit("/", 1)[-1] for w in words]
    if len(words) >= 2 and re.fullmatch(r"pip[\d.]*", names[0]) and names[1] == "install":
        return words[0], words[1]
    if (
        len(words) >= 4
        and re.fullmatch(r"python[\d.]*", names[0])
        and names[1:3] == ["-m", "pip"]
        and names[3] == "install"
    ):
        return words[0], words[3]
    return None


def apt_install(cmd: Command) -> tuple[Word, Word] | None:
    """(``apt-get``, ``install``) of an ``apt-get [options] install``; None otherwise."""
    words = cmd.words
    if not words or words[0].text.rsplit("/", 1)[-1] not in ("apt-get", "apt"):
        return None
    for w in words[1:]:
        if w.text == "install":
            return words[0], w
        if not w.text.startswith("-"):
            return None
    return None


DEPENDENCY_INSTALL_RE = re.compile(
    r"\b(?:pip[\d.]*\s+install|poetry\s+install|uv\s+sync|uv\s+pip\s+install|pipenv\s+install"
    r"|pdm\s+install|hatch\s+env)\b"
)


def installs_dependencies(inst: Instruction) -> bool:
    return inst.keyword == "RUN" and any(
        DEPENDENCY_INSTALL_RE.search(" ".join(w.text for w in c.words)) for c in commands_of(inst)
    )


def final_stage(df: Dockerfile) -> Stage | None:
    return df.stages[-1] if df.stages else None


def is_python_base(stage: Stage) -> bool:
    return stage.base is not None and image_ref(stage.base.text).short_name in (
        "python",
        "pypy",
    )


def main_command(stage: Stage) -> Instruction | None:
    """The stage's last ENTRYPOINT, else its last CMD: what the container runs."""
    for keyword in ("ENTRYPOINT", "CMD"):
        found = stage.of(keyword)
        if found:
            return found[-1]
    return None


def command_words(stage: Stage) -> list[Word]:
    """ENTRYPOINT's words followed by CMD's (what the container runs, as words)."""
    out: list[Word] = []
    for keyword in ("ENTRYPOINT", "CMD"):
        found = stage.of(keyword)
        if found:
            out += list(found[-1].words)
    return out

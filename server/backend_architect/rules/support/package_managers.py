"""The system package managers a RUN calls (apt, apk, yum, dnf, microdnf, zypper): which
command installs, which removes, which cleans the cache, and the package words it names."""

from __future__ import annotations

from dataclasses import dataclass

from ...core.dockerfile import Word
from ...core.shell_commands import Command

MANAGERS = frozenset({"apt-get", "apt", "apk", "yum", "dnf", "microdnf", "zypper"})
INSTALL = {
    "apt-get": {"install"},
    "apt": {"install"},
    "apk": {"add"},
    "yum": {"install", "groupinstall"},
    "dnf": {"install", "groupinstall"},
    "microdnf": {"install"},
    "zypper": {"install", "in"},
}
REMOVE = {
    "apt-get": {"purge", "remove", "autoremove"},
    "apt": {"purge", "remove", "autoremove"},
    "apk": {"del"},
    "yum": {"remove", "erase", "autoremove"},
    "dnf": {"remove", "erase", "autoremove"},
    "microdnf": {"remove"},
    "zypper": {"remove", "rm"},
}
# options that take the next word as their value (so it is not a package)
_VALUED = frozenset(
    {"-o", "-t", "--target-release", "--virtual", "--repository", "-X", "--root", "-c"}
)


@dataclass(frozen=True)
class PackageCommand:
    manager: str  # "apt-get", "apk", "yum", ...
    command: Command
    verb: Word  # "install", "add", "del"
    packages: tuple[Word, ...]  # the package words (options and their values left out)
    virtual: Word | None = None  # apk's ``--virtual NAME`` / ``-t NAME``

    @property
    def installs(self) -> bool:
        return self.verb.text in INSTALL[self.manager]

    @property
    def removes(self) -> bool:
        return self.verb.text in REMOVE[self.manager]


def package_command(cmd: Command) -> PackageCommand | None:
    """The package manager call ``cmd`` is, with its verb and package words; None otherwise."""
    words = cmd.words
    if not words:
        return None
    manager = words[0].text.rsplit("/", 1)[-1]
    if manager not in MANAGERS:
        return None
    verbs = INSTALL[manager] | REMOVE[manager]
    verb: Word | None = None
    packages: list[Word] = []
    virtual: Word | None = None
    i = 1
    while i < len(words):
        w = words[i]
        if w.text.startswith("-"):
            if w.text in _VALUED and i + 1 < len(words):
                if manager == "apk" and w.text in ("--virtual", "-t"):
                    virtual = words[i + 1]
                i += 2
                continue
            i += 1
            continue
        if verb is None:
            if w.text not in verbs:
                return None
            verb = w
        else:
            packages.append(w)
        i += 1
    if verb is None:
        return None
    return PackageCommand(manager, cmd, verb, tuple(packages), virtual)

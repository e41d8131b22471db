"""The rules' metadata kept on disk beside the check cache, keyed by the package's code.

A warm ``check`` answers from stored findings and runs no rule, yet its cache key and its
reports (JSON's rule names and URLs, SARIF's rule list) need every rule's ``RuleInfo``;
importing the hundred-odd rule modules for that cost more than the rest of the warm run. So a
run that imported them writes their metadata here, and the next run with the same code
(``code_fingerprint``: size and mtime of every module of the package) reads it instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from typing import Any

from .. import __version__
from ..core.atomic import write_text_atomic
from ..core.model import Severity
from ..core.source import read_text
from . import registry
from .fingerprint import code_fingerprint
from .rule_info import RuleInfo

FILENAME = "rules.json"
# folder -> the code key its catalogue holds, as ``prime`` read it or ``save`` wrote it: a run
# that primed (or saved) does not read the file again to learn it
_on_disk: dict[str, str] = {}


def prime(folder: str | None) -> bool:
    """Serve the registry's metadata from ``folder``'s catalogue when it was written for this
    code; whether it was (nothing changes when the rule modules are imported already)."""
    if folder is None:
        return False
    try:
        stored = json.loads(read_text(os.path.join(folder, FILENAME), None, "strict"))
        _on_disk[folder] = str(stored.get("code"))
        if stored.get("code") != _key():
            return False
        infos = {d["code"]: _info_in(d) for d in stored["rules"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False  # absent, torn or from another version: the modules are imported
    registry.use_catalogue(infos)
    return True


def save(folder: str | None) -> None:
    """Write the catalogue when the rule modules are imported and it is not on disk yet."""
    if folder is None or not os.path.isdir(folder):
        return
    path = os.path.join(folder, FILENAME)
    key = _key()
    if _on_disk.get(folder) == key:
        return
    try:
        stored = json.loads(read_text(path, None, "strict"))
        if stored.get("code") == key:
            _on_disk[folder] = key
            return
    except (OSError, ValueError, AttributeError):
        pass
    classes = registry.rule_classes().values()
    data = {"code": key, "rules": [_info_out(c.info) for c in classes]}
    with contextlib.suppress(OSError):  # a read-only checkout: the catalogue is an optimisation
        write_text_atomic(path, json.dumps(data))
        _on_disk[folder] = key


def _key() -> str:
    return f"{__version__}:{code_fingerprint()}"


def _info_out(info: RuleInfo) -> dict[str, Any]:
    out = dataclasses.asdict(info)
    out["severity"] = info.severity.value
    return out


def _info_in(d: dict[str, Any]) -> RuleInfo:
    return RuleInfo(**{**d, "severity": Severity(d["severity"]), "cwe": tuple(d["cwe"])})

"""The project's interpreter and where its packages are installed, found without running it."""

from __future__ import annotations

import glob
import os
import site
import sys
import sysconfig


def interpreter(root: str, configured: str | None) -> str:
    """The ``python`` setting, else the project's ``.venv``/``venv``, else this interpreter."""
    if configured:
        path = configured if os.path.isabs(configured) else os.path.join(root, configured)
        return path
    for venv in (".venv", "venv"):
        for exe in ("bin/python", "Scripts/python.exe"):
            candidate = os.path.join(root, venv, exe)
            if os.path.isfile(candidate):
                return candidate
    return sys.executable


def site_packages(python: str) -> list[str]:
    """The site-packages folders of ``python``: this interpreter's own from ``sysconfig``;
    another's from the layout of its prefix (``<prefix>/lib/python3.X/site-packages``,
    ``Lib/site-packages`` on Windows), as a virtual environment lays it out."""
    if os.path.abspath(python) == os.path.abspath(sys.executable):
        found = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
        # some embedded interpreters have no site.getsitepackages
        found += getattr(site, "getsitepackages", list)()
    else:
        prefix = os.path.dirname(os.path.dirname(os.path.abspath(python)))
        found = sorted(glob.glob(os.path.join(prefix, "lib", "python3*", "site-packages")))
        found += [os.path.join(prefix, "Lib", "site-packages")]
    out: list[str] = []
    for path in found:
        if os.path.isdir(path) and path not in out:
            out.append(path)
    return out

"""Flask route discovery: the linker for apps and blueprints (``linker.py``), and the
extensions built on them, a module each."""

from .linker import FlaskLinker

__all__ = ["FlaskLinker"]

"""The keys memoised computations depend on: a module, one of its definitions, everything in it, or any module."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

# Pseudo-paths a memoised computation can depend on besides modules: "any module's contents
# or the set of modules" (a pass that scans every module, like the call-site index), dropped on
# every relink. A module path plus ``ALL`` is "everything in that module" (a per-module pass
# that iterates its statements), dropped on every change to the module; the bare path is its
# interface (what name resolution and constant folding read: imports, module-level statements,
# which names are defined), dropped only when that changed; (path, name) is one top-level
# definition (a function or class with everything inside it), dropped when its text changed.
ANY_MODULE = "<any module>"
# A module path plus ``DECORATORS`` is "the decorators of its top-level definitions" (what a
# registry filled at import time depends on), dropped when an edit changes any of them.
DECORATORS = "<decorators>"


class HashedKey(tuple[Hashable, ...]):
    """A memo key that hashes once. A big key (every candidate class of the models) is added
    to the dependency set of each module its computation read, and a tuple's hash is not
    cached: thousands of rehashes of a thousands-long tuple."""

    _hash: int

    def __new__(cls, items: Iterable[Hashable]) -> HashedKey:
        self = super().__new__(cls, items)
        self._hash = tuple.__hash__(self)
        return self

    def __hash__(self) -> int:
        return self._hash


ALL = "!all"

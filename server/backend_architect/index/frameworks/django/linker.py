"""The Django linker: every settings module's URL tree walked to its routes."""

from __future__ import annotations

from ....core.model import Route
from ..common import dedupe
from .records import Mount, ProjectSettings
from .urlconf import UrlConfWalker


class DjangoLinker(UrlConfWalker):
    """Django and DRF routes: each URL root walked, then the urlconfs no root includes."""

    def link(self) -> list[Route]:
        candidates = [f for f in self.ctx.modules if ("", "urlpatterns") in f.assigns]
        settings = self._settings_modules()
        if not candidates and not settings and not self._has_routers():
            return []
        self._collect_routers()
        routes: list[Route] = []
        for conf, cfg in self._roots(settings):
            routes.extend(self._walk_module(conf, Mount("", (), cfg, True), ()))
        # urlconfs no root includes: routes with their own paths, marked unreachable
        rest = [f for f in candidates if f.path not in self.visited]
        reached, included = self.visited, set()
        for facts in rest:  # which of them include which
            self.visited = set()
            list(self._walk_module(facts, Mount("", (), ProjectSettings(), False), ()))
            included |= self.visited - {facts.path}
        self.visited = reached
        for facts in rest:
            if facts.path not in included:
                routes.extend(self._walk_module(facts, Mount("", (), ProjectSettings(), False), ()))
        return dedupe(routes)

    def _has_routers(self) -> bool:
        return any(c.method == "register" for f in self.ctx.modules for c in f.calls)

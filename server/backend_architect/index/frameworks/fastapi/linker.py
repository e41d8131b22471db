"""The FastAPI linker: the include graph combined with each module's route declarations."""

from __future__ import annotations

from ....core.model import AuthRequirement, Route
from ..common import RouterNode, dedupe, join_paths, object_label
from ..starlette.graph import asgi_graph
from .docs_routes import docs_routes
from .handlers import HandlerReader
from .names import normalise_path
from .records import Handler, mount_signature


class FastAPILinker(HandlerReader):
    """Per-module passes (objects, includes, route declarations with their handlers' details)
    are plain data memoised through :meth:`LinkContext.per_module`, so a relink after an edit
    recomputes the edited module's passes; the include graph and the routes are combined from
    them on every relink, which is cheap."""

    def link(self) -> list[Route]:
        if not self.build():
            return []
        # The routes of a declaration on a node are kept from the last relink while the
        # declaration is the same memoised object and the node serves at the same places
        # (its prefix, auth and mounts: its signature); an edit rebuilds only what it touched.
        last_sigs: dict[tuple[str, str, str], object] = self.ctx.persistent.get("fastapi.sigs", {})
        last_routes: dict[tuple[int, tuple[str, str, str]], tuple[Handler, object, list[Route]]]
        last_routes = self.ctx.persistent.get("fastapi.routes", {})
        sigs: dict[tuple[str, str, str], object] = {}
        kept: dict[tuple[int, tuple[str, str, str]], tuple[Handler, object, list[Route]]] = {}
        mounts: dict[tuple[str, str, str], list[tuple[str, list[AuthRequirement], bool]]] = {}
        chains: dict[tuple[str, str, str], tuple[tuple[str, ...], ...]] = {}
        routes: list[Route] = []
        for facts in self.ctx.modules:
            for h in self._handlers_in(facts):
                for key in h.nodes:
                    node = self.nodes.get(key)
                    if node is None:
                        continue
                    sig = sigs.get(key)
                    if sig is None:
                        mounts[key] = node.mounts()
                        chains[key] = chain_labels(node)
                        sig = (mount_signature(node, mounts[key]), chains[key])
                        previous = last_sigs.get(key)
                        sig = sigs[key] = previous if previous == sig else sig
                    entry = last_routes.get((id(h), key))
                    if entry is None or entry[0] is not h or entry[1] is not sig:
                        if key not in mounts:
                            mounts[key] = node.mounts()
                            chains[key] = chain_labels(node)
                        entry = (h, sig, self._routes_for(node, h, mounts[key], chains[key]))
                    kept[(id(h), key)] = entry
                    routes.extend(entry[2])
        self.ctx.persistent["fastapi.sigs"] = sigs
        self.ctx.persistent["fastapi.routes"] = kept
        asgi = asgi_graph(self.ctx)
        for node in self.nodes.values():
            if node.kind == "app":
                routes.extend(docs_routes(self.symbols, node, asgi))
        return dedupe(routes)

    def _routes_for(
        self,
        node: RouterNode,
        h: Handler,
        mounts: list[tuple[str, list[AuthRequirement], bool]] | None = None,
        chains: tuple[tuple[str, ...], ...] | None = None,
    ) -> list[Route]:
        mounts = node.mounts() if mounts is None else mounts
        chains = chain_labels(node) if chains is None else chains
        return [
            Route(
                framework=self.framework,
                methods=h.methods,
                path=normalise_path(join_paths(mount_prefix, node.prefix, h.local)),
                handler=h.handler,
                file=h.file,
                span=h.span,
                decorator_span=h.decorator_span,
                local_path=h.local,
                parameters=list(h.parameters),
                request_model=h.request_model,
                response_model=h.response_model,
                status_code=h.status_code,
                raises=list(h.raises),
                auth=inherited_auth + node.auth + list(h.auth),
                docstring=h.docstring,
                is_async=h.is_async,
                reachable=reachable,
                body_span=h.body_span,
                chain=chain,
                name=h.name,
            )
            for (mount_prefix, inherited_auth, reachable), chain in zip(mounts, chains, strict=True)
        ]


def chain_labels(node: RouterNode) -> tuple[tuple[str, ...], ...]:
    """The objects each of the node's mounts passes through, as labels."""
    return tuple(tuple(object_label(n.sym) for n in chain) for chain in node.chains())

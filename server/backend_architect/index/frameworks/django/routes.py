"""The route a handler becomes, with its methods, path parameters and auth."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import replace

from ....core.model import AuthRequirement, Parameter, Route, Span
from ....core.syntax import dotted_name
from ...facts import FunctionFacts, ModuleFacts, span_of
from ...symbols import Symbols
from ..common import LinkContext, docstring
from .paths import fragment, path_params, suffixed
from .records import Entry, Handler, Mount, Router, Site


class RouteBuilder:
    """What the walk shares: the link, the routers found, and how a handler becomes a route."""

    framework = "django"

    def __init__(self, ctx: LinkContext) -> None:
        self.ctx = ctx
        self.symbols: Symbols = ctx.symbols
        self.routers: dict[tuple[str, str, str], Router] = {}
        self.visited: set[str] = set()  # urlconf module paths walked

    def _sub_mount(self, mount: Mount, raw: str, regex: bool) -> Mount:
        return replace(
            mount,
            prefix=mount.prefix + fragment(raw, regex),
            params=mount.params + tuple(path_params(raw, regex).items()),
            depth=mount.depth + 1,
        )

    def _entries(
        self, mount: Mount, raw: str, regex: bool, site: Site, url_name: str | None = None
    ) -> Iterator[Entry]:
        """The entry of a view routed at ``raw`` (named ``url_name``), and its copy with a
        format suffix where ``format_suffix_patterns`` applies."""
        variants = [(raw, False)]
        if mount.suffix:
            variants.append((suffixed(raw, regex), True))
        for raw_path, is_suffix in variants:
            sub = replace(self._sub_mount(mount, raw_path, regex), url_name=url_name)
            yield Entry(sub, fragment(raw_path, regex), site, mount.wrappers, is_suffix)

    def _route(
        self,
        framework: str,
        methods: tuple[str, ...],
        handler: Handler,
        name: str,
        mount: Mount,
        local: str,
        auth: list[AuthRequirement],
        decorator_span: Span | None,
        is_suffix: bool,
        automatic: tuple[str, ...] = (),
    ) -> Route:
        middleware = list(mount.settings.middleware)
        if any(a.public and a.name == "login_not_required" for a in auth):
            middleware = []  # LoginRequiredMiddleware lets these views through
        params = [Parameter(n, conv, None, "path") for n, conv in dict(mount.params).items()]
        fn = handler.fn
        return Route(
            framework=framework,
            methods=methods,
            path="/" + mount.prefix,
            handler=name,
            file=handler.facts.path,
            span=handler.span,
            decorator_span=decorator_span,
            local_path=local,
            parameters=params,
            auth=middleware + list(mount.auth) + auth,
            docstring=docstring(fn) if fn is not None else None,
            is_async=handler.is_async,
            reachable=mount.reachable,
            body_span=handler.body_span,
            tags=(("format-suffix",) if is_suffix else ())
            # a handler in an installed package (read from site-packages), not the project's
            + (("package",) if handler.facts.path not in self.symbols.by_path else ()),
            chain=mount.confs,
            name=":".join([*mount.namespaces, mount.url_name]) if mount.url_name else None,
            automatic=automatic,
        )


def clean_methods(methods: Iterable[object]) -> tuple[str, ...]:
    """Upper case, in order, once each: the project's own list, HEAD kept where it names it
    (what the framework adds by itself goes in ``Route.automatic``)."""
    return tuple(dict.fromkeys(str(m).upper() for m in methods))


def group_actions(pairs: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """[(verb, action)] -> [(action, [verbs])], in first-seen order."""
    out: dict[str, list[str]] = {}
    for verb, action in pairs:
        out.setdefault(action, []).append(verb)
    return list(out.items())


def decorator_span_of(facts: ModuleFacts, fn: FunctionFacts | None, name: str) -> Span | None:
    for dec in fn.decorators if fn is not None else ():
        target = dec.func if isinstance(dec, ast.Call) else dec
        if (dotted_name(target) or "").rsplit(".", 1)[-1] == name:
            return span_of(dec, facts.wide_lines)
    return None

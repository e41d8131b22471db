"""A project view class: its ancestors, the handlers it serves, its ``@action`` methods and auth."""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import replace

from ....core.model import AuthRequirement
from ....core.syntax import dotted_name, keyword_value
from ...facts import ClassFacts, FunctionFacts, ModuleFacts, Scope, span_of
from ...libraries import library_symbol
from ...symbol_types import ClassSym, External, Symbol
from ..common import AUTH_NAME_RE, head_beside_get
from .generic_views import DJANGO_VIEW_METHODS, DRF_ACTIONS, DRF_VIEW_METHODS, VERBS
from .graphql_views import GRAPHQL_METHODS, GRAPHQL_VIEWS, is_graphql_view
from .records import Action, Handler, ProjectSettings
from .views import ViewRoutes

FRAMEWORKS = ("django.", "rest_framework.")
AUTH_MIXINS = frozenset({"LoginRequiredMixin", "PermissionRequiredMixin", "UserPassesTestMixin"})


class ViewClass:
    """A project view class: its project ancestors, library bases, handlers and auth."""

    def __init__(self, linker: ViewRoutes, cls: ClassSym) -> None:
        self.linker = linker
        self.symbols = linker.symbols
        self.cls = cls
        # the project's classes, then the installed packages' they inherit from (read from
        # site-packages: drf-spectacular's SpectacularRedocView defines get), up to Django's
        # and DRF's, which the tables stand for
        self.chain = self.symbols.class_chain(cls, widen=self._widen, limit=48)
        self.external: list[str] = []
        for klass in self.chain:
            info = self._info(klass)
            for base in info.bases:
                if isinstance(base, ast.Subscript):  # Generic[T]
                    base = base.value
                sym = self.symbols.follow(self.symbols.resolve_expr(klass.facts, info.scope, base))
                if isinstance(sym, External) and sym.dotted.startswith(FRAMEWORKS):
                    self.external.append(sym.dotted)
        drf = any(b.startswith("rest_framework.") for b in self.external)
        self.framework = "drf" if drf else "django"
        self.graphql = is_graphql_view(linker.ctx, cls)  # GET and POST, through dispatch
        self._attributes_memo: list[str] | None = None
        self._class_auth_memo: (
            tuple[list[AuthRequirement], list[tuple[str | None, list[AuthRequirement]]]] | None
        ) = None

    def _widen(self, sym: Symbol | None) -> Symbol | None:
        if isinstance(sym, External) and not sym.dotted.startswith(FRAMEWORKS):
            sym = library_symbol(self.symbols, sym.dotted) or sym
        return sym if isinstance(sym, ClassSym) else None

    def _info(self, klass: ClassSym) -> ClassFacts:
        return klass.facts.classes[klass.qualname]

    def _own(self, name: str) -> tuple[ClassSym, FunctionFacts] | None:
        for klass in self.chain:
            fn = self._info(klass).methods.get(name)
            if fn is not None:
                return klass, fn
        return None

    def _field(self, name: str) -> tuple[ClassSym, ast.expr] | None:
        for klass in self.chain:
            entry = self._info(klass).fields.get(name)
            if entry is not None and entry[1] is not None:
                return klass, entry[1]
        return None

    def _library(self, name: str, table: dict[str, tuple[str, ...]]) -> bool:
        return any(name in table.get(b.rsplit(".", 1)[-1], ()) for b in self.external)

    def allowed(self) -> list[str]:
        """``http_method_names``: what dispatch serves at all (every verb unless it is set)."""
        declared = self._field("http_method_names")
        if declared is not None:
            klass, expr = declared
            value = self.symbols.evaluate(klass.facts, klass.qualname, expr)
            if isinstance(value, list):
                return [str(v).lower() for v in value if isinstance(v, str)]
        return list(VERBS)

    def verbs(self) -> list[str]:
        """The handlers the class declares (its own ``head``/``options`` included; Django's
        base classes' are :meth:`automatic`)."""
        allowed = self.allowed()
        if self.graphql:
            return [v for v in GRAPHQL_METHODS if v in allowed]
        table = DRF_VIEW_METHODS if self.framework == "drf" else DJANGO_VIEW_METHODS
        return [
            v
            for v in allowed
            if self._own(v) is not None
            or (v not in ("head", "options") and self._library(v, table))
        ]

    def automatic(self, methods: tuple[str, ...], routed: Collection[str]) -> tuple[str, ...]:
        """What the framework answers by itself beside a route's ``methods``, ``routed`` the
        verbs the view's routes on that path declare (lower case): HEAD beside GET
        (``View.setup`` sets ``head = get``, ``ViewSetMixin.as_view`` maps head to get's
        action) and OPTIONS (``View.options``; DRF's answers 405 under ``metadata_class =
        None``), where the project does not route them itself and ``http_method_names`` lets
        dispatch serve them. GraphQL views' dispatch answers GET and POST only."""
        if self.graphql:
            return ()
        allowed = self.allowed()
        out = head_beside_get(methods) if "head" in allowed and "head" not in routed else ()
        if "options" in allowed and "options" not in routed and not self._no_metadata():
            out += ("OPTIONS",)
        # dispatch takes any attribute named for the method: a viewset's actions only add
        # their bindings, so a ``get``/``post`` it inherits (Django's FormView) or an action
        # named ``trace`` answers on every route of the class
        for verb in self.attributes():
            if verb not in routed and verb.upper() not in methods + out:
                out += (verb.upper(),)
        return out

    def attributes(self) -> list[str]:
        """The verbs of ``http_method_names`` (but ``options``, :meth:`automatic`'s own) the
        class has an attribute of that name for: in its chain (the project's and installed
        packages' classes), or Django's or DRF's views it inherits (by the tables)."""
        if self._attributes_memo is None:
            self._attributes_memo = [
                v
                for v in self.allowed()
                if v != "options"
                and (
                    self._own(v) is not None
                    or self._field(v) is not None
                    or self._library(v, DJANGO_VIEW_METHODS)
                    or self._library(v, DRF_VIEW_METHODS)
                )
            ]
        return self._attributes_memo

    def _no_metadata(self) -> bool:
        """A DRF view whose ``options`` is APIView's, which answers 405 under
        ``metadata_class = None`` (the class's; the settings' default is not read)."""
        if self.framework != "drf" or self._own("options") is not None:
            return False
        found = self._field("metadata_class")
        return found is not None and isinstance(found[1], ast.Constant) and found[1].value is None

    def has_action(self, action: str) -> bool:
        return self._own(action) is not None or self._library(action, DRF_ACTIONS)

    def handler(self, name: str) -> Handler | None:
        own = self._own(name)
        if own is not None:
            klass, fn = own
            return Handler(
                klass.facts,
                fn.qualname,
                fn.span,
                fn.full_span,
                fn,
                isinstance(fn.node, ast.AsyncFunctionDef),
            )
        if self.graphql and name in GRAPHQL_METHODS:  # served by the dispatch it overrides
            own = self._own("dispatch")
            if own is not None and own[0].dotted not in GRAPHQL_VIEWS:
                return self.handler("dispatch")
        if (
            (self.graphql and name in GRAPHQL_METHODS)
            or self._library(name, DJANGO_VIEW_METHODS)
            or self._library(name, DRF_VIEW_METHODS)
            or self._library(name, DRF_ACTIONS)
        ):
            info = self._info(self.cls)
            return Handler(
                self.cls.facts,
                f"{self.cls.qualname}.{name}",
                info.span,
                span_of(info.node, self.cls.facts.wide_lines),
                None,
            )
        return None

    def lookup(self, regex: bool) -> str:
        def text(name: str) -> str | None:
            found = self._field(name)
            if found is None:
                return None
            klass, expr = found
            return self.symbols.evaluate_str(klass.facts, klass.qualname, expr)

        kwarg_name = text("lookup_url_kwarg") or text("lookup_field") or "pk"
        if regex:
            return f"(?P<{kwarg_name}>{text('lookup_value_regex') or '[^/.]+'})"
        value = text("lookup_value_converter") or text("lookup_value_regex") or "str"
        return f"<{value}:{kwarg_name}>"

    def extra_actions(self) -> list[Action]:
        """Each ``@action`` (in definition order), then each ``@<action>.mapping.<verb>``
        handler, which serves its verb on the action's URL."""
        out: list[Action] = []
        seen: set[str] = set()
        for klass in self.chain:
            for fn in self._info(klass).methods.values():
                if fn.name in seen:
                    continue
                for dec in fn.decorators:
                    if not isinstance(dec, ast.Call):
                        continue
                    name = self.symbols.qualified(klass.facts, fn.scope, dec.func) or ""
                    if name.rsplit(".", 1)[-1] != "action":
                        continue
                    seen.add(fn.name)
                    detail = keyword_value(dec, "detail")
                    is_detail = (
                        detail is not None
                        and self.symbols.evaluate(klass.facts, fn.scope, detail) is True
                    )
                    url_path = self.symbols.evaluate_str(
                        klass.facts, fn.scope, keyword_value(dec, "url_path")
                    )
                    verbs = ["get"]
                    listed = keyword_value(dec, "methods")
                    if listed is not None:
                        value = self.symbols.evaluate(klass.facts, fn.scope, listed)
                        if isinstance(value, list):
                            verbs = [str(v).lower() for v in value if isinstance(v, str)]
                    out.append(
                        Action(fn.name, is_detail, url_path or fn.name, verbs, (klass.facts, dec))
                    )
        mapped: list[Action] = []
        for action in out:
            for klass in self.chain:
                for fn in self._info(klass).methods.values():
                    for d in fn.decorators:
                        if (
                            isinstance(d, ast.Attribute)
                            and isinstance(d.value, ast.Attribute)
                            and d.value.attr == "mapping"
                            and isinstance(d.value.value, ast.Name)
                            and d.value.value.id == action.name
                        ):
                            mapped.append(replace(action, name=fn.name, verbs=[d.attr]))
        return out + mapped

    def _class_auth(
        self,
    ) -> tuple[list[AuthRequirement], list[tuple[str | None, list[AuthRequirement]]]]:
        """What the class says whatever the method, computed once per view class: its auth
        mixins, and its ``method_decorator(..., name=...)`` decorators by the name."""
        if self._class_auth_memo is not None:
            return self._class_auth_memo
        linker = self.linker
        mixins: list[AuthRequirement] = []
        named: list[tuple[str | None, list[AuthRequirement]]] = []
        for klass in self.chain:
            info = self._info(klass)
            for base in info.bases:
                sym = self.symbols.follow(self.symbols.resolve_expr(klass.facts, info.scope, base))
                dotted = sym.dotted if isinstance(sym, (External, ClassSym)) else ""
                short = dotted.rsplit(".", 1)[-1]
                is_named = short.endswith("Mixin") and AUTH_NAME_RE.search(short[: -len("Mixin")])
                if (short in AUTH_MIXINS or is_named) and all(a.name != short for a in mixins):
                    mixins.append(
                        AuthRequirement(
                            short, "handler", linker.ctx.origin(klass.facts, base.lineno - 1)
                        )
                    )
            for dec in info.node.decorator_list:
                if not (isinstance(dec, ast.Call) and keyword_value(dec, "name") is not None):
                    continue
                target = linker.symbols.evaluate_str(
                    klass.facts, info.scope, keyword_value(dec, "name")
                )
                named.append((target, linker._decorator_facts(klass.facts, info.scope, dec)[1]))
        self._class_auth_memo = (mixins, named)
        return self._class_auth_memo

    def auth(
        self,
        cfg: ProjectSettings,
        verb_or_action: str,
        override: tuple[ModuleFacts, ast.Call] | None,
    ) -> list[AuthRequirement]:
        linker = self.linker
        out = list(self._class_auth()[0])
        for target, entries in self._class_auth()[1]:
            if target in ("dispatch", verb_or_action):
                out.extend(entries)
        for name in ("dispatch", verb_or_action):
            own = self._own(name)
            if own is not None:
                klass, fn = own
                for dec in fn.decorators:
                    out.extend(
                        a
                        for a in linker._decorator_facts(klass.facts, fn.scope, dec)[1]
                        if a.kind == "permission" and not is_drf_classes(dec)
                    )
        if self.framework != "drf":
            return out
        perm: list[AuthRequirement] | None = None
        authn: list[AuthRequirement] | None = None
        for attr in ("permission_classes", "authentication_classes"):
            kind = "permission" if attr == "permission_classes" else "authentication"
            value: tuple[ModuleFacts, Scope, ast.expr] | None = None
            if override is not None and keyword_value(override[1], attr) is not None:
                o_facts, o_call = override
                value = (o_facts, "", keyword_value(o_call, attr))  # type: ignore[assignment]
            else:
                found = self._field(attr)
                if found is not None:
                    value = (found[0].facts, found[0].qualname, found[1])
            if value is not None:
                entries = linker._class_list(value[0], value[1], value[2], "handler", kind)
                if kind == "permission":
                    perm = entries
                else:
                    authn = entries
        return linker._drf_auth(cfg, perm, authn) + out


def is_drf_classes(dec: ast.expr) -> bool:
    target = dec.func if isinstance(dec, ast.Call) else dec
    return (dotted_name(target) or "").rsplit(".", 1)[-1] in (
        "permission_classes",
        "authentication_classes",
    )

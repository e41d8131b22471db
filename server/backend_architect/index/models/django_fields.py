"""Django model fields: columns, relations (resolved once every model is read) and what serializers need."""

from __future__ import annotations

import ast
from dataclasses import replace

from ...core.model import Column, OrmModel, Relationship
from ...core.syntax import keyword_value
from ..facts import ModuleFacts, Scope, span_of
from ..symbol_types import ClassSym, External
from .annotations import ancestor_names, last_dotted_part, source_text
from .django_meta import DjangoMeta
from .records import DjangoField, DjangoInfo, PendingRelation

# Django fields that are relations (their ``to`` is the first argument).
DJANGO_FK = frozenset({"ForeignKey", "OneToOneField", "ParentalKey"})
DJANGO_M2M = frozenset({"ManyToManyField", "ParentalManyToManyField"})
DJANGO_NOT_COLUMNS = frozenset({"GenericForeignKey", "GenericRelation"})
# max_length of Django fields that have one without being told
DJANGO_LENGTHS = {
    "SlugField": 50,
    "EmailField": 254,
    "URLField": 200,
    "FileField": 100,
    "ImageField": 100,
    "FilePathField": 100,
    "GenericIPAddressField": 39,
    "UUIDField": 32,
}
# Tables of models Django itself ships, for foreign keys to them.
DJANGO_CONTRIB_TABLES = {
    "auth.User": "auth_user",
    "auth.Group": "auth_group",
    "auth.Permission": "auth_permission",
    "contenttypes.ContentType": "django_content_type",
    "sites.Site": "django_site",
}
DJANGO_CONTRIB_CLASSES = {
    "django.contrib.auth.models.User": "auth.User",
    "django.contrib.auth.models.Group": "auth.Group",
    "django.contrib.auth.models.Permission": "auth.Permission",
    "django.contrib.contenttypes.models.ContentType": "contenttypes.ContentType",
    "django.contrib.sites.models.Site": "sites.Site",
}


class DjangoFields(DjangoMeta):
    """Django fields, and relations resolved to their target tables."""

    def _django_field_class(self, owner: ClassSym, call: ast.Call) -> str | None:
        """The field class a class attribute's value constructs, if it is a model field."""
        info = owner.facts.classes[owner.qualname]
        sym = self.symbols.follow(self.symbols.resolve_expr(owner.facts, info.scope, call.func))
        if isinstance(sym, ClassSym):
            # A project field class: named by itself, behaving as its nearest Django ancestor.
            for a in {sym.dotted} | ancestor_names(self.ancestry(sym)):
                if a.endswith("Field") or a.rsplit(".", 1)[-1] in DJANGO_FK:
                    return sym.qualname.rsplit(".", 1)[-1]
            return None
        name = last_dotted_part(call.func)
        if name in DJANGO_NOT_COLUMNS:
            return None
        if name.endswith("Field") or name in DJANGO_FK:
            return name
        return None

    def _django_relation_kind(self, owner: ClassSym, call: ast.Call) -> str | None:
        name = last_dotted_part(call.func)
        sym = self.symbols.follow(
            self.symbols.resolve_expr(
                owner.facts, owner.facts.classes[owner.qualname].scope, call.func
            )
        )
        names = [name]
        if isinstance(sym, ClassSym):
            names += [a.rsplit(".", 1)[-1] for a in ancestor_names(self.ancestry(sym))]
        for n in names:
            if n in DJANGO_FK:
                return "one_to_one" if n == "OneToOneField" else "foreign_key"
            if n in DJANGO_M2M:
                return "many_to_many"
        return None

    def _django_field(
        self, dj: DjangoInfo, owner: ClassSym, name: str, target: ast.expr, call: ast.Call
    ) -> None:
        facts = owner.facts
        scope = facts.classes[owner.qualname].scope
        model = dj.model
        kind = self._django_field_class(owner, call) or "Field"
        relation = self._django_relation_kind(owner, call)
        span = span_of(target, facts.wide_lines)

        def kw(key: str) -> ast.expr | None:
            return keyword_value(call, key)

        def flag(key: str) -> bool | None:
            return self._bool(facts, scope, kw(key))

        null = flag("null") is True
        blank = flag("blank") is True
        has_default = kw("default") is not None
        editable = flag("editable") is not False
        primary_key = flag("primary_key") is True
        to = call.args[0] if call.args else kw("to")
        if relation is not None and to is not None:
            model.relationships.append(
                Relationship(
                    name=name,
                    target=self._django_target_name(facts, scope, to, model.name),
                    back_populates=self._str(facts, scope, kw("related_name")),
                    line=span.start.line,
                    kind=relation,
                    secondary=self._str(facts, scope, kw("db_table"))
                    if relation == "many_to_many"
                    else None,
                )
            )
        optional = has_default or null or blank
        if relation == "many_to_many":
            dj.fields.append(DjangoField(name, kind, optional, False, relation=True, null=null))
            return
        auto = kind in {"AutoField", "BigAutoField", "SmallAutoField"}
        # auto_now fields are not editable (Django sets editable=False)
        if flag("auto_now") is True or flag("auto_now_add") is True:
            editable = False
        dj.fields.append(
            DjangoField(
                name,
                kind,
                optional,
                auto or not editable,
                primary_key,
                relation is not None,
                null=null and not primary_key,
            )
        )
        column_name = self._str(facts, scope, kw("db_column"))
        if relation is not None:
            column_name = column_name or f"{name}_id"
            index = flag("db_index") is not False
            unique = relation == "one_to_one" or flag("unique") is True or primary_key
            length = None
        else:
            column_name = column_name or name
            # SlugField is indexed unless told otherwise
            index = (
                flag("db_index") is not False if kind == "SlugField" else flag("db_index") is True
            )
            unique = flag("unique") is True or primary_key
            length = self._int(facts, scope, kw("max_length")) or DJANGO_LENGTHS.get(kind)
        column = Column(
            name=column_name,
            type=kind,
            nullable=null and not primary_key,
            primary_key=primary_key,
            foreign_key=None,
            index=index,
            unique=unique,
            default=source_text(kw("default")),
            line=span.start.line,
            length=length,
            span=span,
        )
        model.columns.append(column)
        dj.columns[name] = column
        if relation is not None and to is not None:
            to_field = self._str(facts, scope, kw("to_field"))
            self.pending.append(
                PendingRelation(model, len(model.columns) - 1, facts, scope, to, to_field)
            )

    def _django_target_name(self, facts: ModuleFacts, scope: Scope, to: ast.expr, own: str) -> str:
        text = self._str(facts, scope, to)
        if text is None and isinstance(to, ast.Attribute) and to.attr == "AUTH_USER_MODEL":
            text = "auth.User"
        if text is not None:
            return own if text == "self" else text.rsplit(".", 1)[-1]
        return last_dotted_part(to) or "?"

    def _django_target(self, pending: PendingRelation) -> tuple[str, OrmModel | None]:
        """("app_label.Model" or a class's dotted name, the project model if it is one)."""
        facts, scope, to = pending.facts, pending.scope, pending.target
        text = self._str(facts, scope, to)
        if text is None and isinstance(to, ast.Attribute) and to.attr == "AUTH_USER_MODEL":
            text = "auth.User"
        if isinstance(to, ast.Call) and last_dotted_part(to.func) == "get_user_model":
            text = "auth.User"
        own = next(d for d in self.django.values() if d.model is pending.model)
        if text is not None:
            if text == "self":
                return own.app_label + "." + own.model.name, own.model
            label, _, name = text.rpartition(".")
            label = label or own.app_label
            for d in self.django.values():
                if d.model.name == name and d.app_label == label:
                    return f"{label}.{name}", d.model
            return f"{label}.{name}", None
        sym = self.symbols.follow(self.symbols.resolve_expr(facts, scope, to))
        if isinstance(sym, ClassSym):
            found = self.django.get(sym.dotted)
            if found is not None:
                return f"{found.app_label}.{found.model.name}", found.model
        if isinstance(sym, External):
            return DJANGO_CONTRIB_CLASSES.get(sym.dotted, sym.dotted), None
        return "?", None

    def _resolve_django_relations(self) -> None:
        for pending in self.pending:
            ref, target = self._django_target(pending)
            if target is not None and target.table:
                col = next(
                    (c for c in target.columns if pending.to_field and c.name == pending.to_field),
                    None,
                ) or next((c for c in target.columns if c.primary_key), None)
                fk = f"{target.table}.{col.name if col else 'id'}"
            else:
                label, _, name = ref.rpartition(".")
                table = (
                    DJANGO_CONTRIB_TABLES.get(ref) or f"{label.rsplit('.', 1)[-1]}_{name.lower()}"
                )
                fk = f"{table}.{pending.to_field or 'id'}"
            col = pending.model.columns[pending.column]
            pending.model.columns[pending.column] = replace(col, foreign_key=fk)

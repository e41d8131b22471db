"""What pydantic reads besides the fields: the model's configuration (v1's ``class Config``, v2's
``model_config``), each field's alias in the mode it is read in (input: ``validation_alias``;
output: ``serialization_alias``; ``alias`` for both), ``@computed_field`` properties (output
only), v1's schema rules (``Optional`` means not required and not null), and whether the
project pins pydantic 1."""

from __future__ import annotations

import ast
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from ...core.source import read_regular
from ...core.syntax import keyword_value
from ...index.symbol_types import ClassSym
from ..models.annotations import last_dotted_part, strip_optional, unstring
from ..symbols import Symbols
from .constraints import NO_VALUE, literal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

JsonSchema = dict[str, Any]
VALIDATION, SERIALIZATION = "validation", "serialization"
_PIN_FILES = ("pyproject.toml", "requirements.txt", "requirements.in", "setup.cfg")
_MAX_PIN_FILE = 512 * 1024
# ``pydantic<2``, ``pydantic==1.10.2``, ``pydantic~=1.9``, ``pydantic = "^1.10"`` (poetry)
_V1_PIN = re.compile(
    r"""^\s*["']?pydantic(?:\[[^\]]*\])?["']?\s*(?:=\s*["'])?\s*"""
    r"""(?:<\s*2(?:\.0)*\b|==\s*1\.|~=\s*1\.|\^\s*1\.|>=\s*1\.[\d.]*\s*,\s*<\s*2)""",
    re.MULTILINE,
)


@dataclass
class ModelConfig:
    """A model's configuration as far as its schema goes, merged over its bases."""

    populate_by_name: bool = False  # v1 ``allow_population_by_field_name``
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # v1 ``Config.fields``
    extra: JsonSchema = field(default_factory=dict)  # ``schema_extra`` / ``json_schema_extra``


def model_config(symbols: Symbols, sym: ClassSym) -> ModelConfig:
    out = ModelConfig()
    for owner in symbols.class_chain(sym, bases_first=True):
        node = owner.facts.classes[owner.qualname].node
        for stmt in node.body:
            if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                for item in stmt.body:
                    if isinstance(item, ast.Assign) and len(item.targets) == 1:
                        target = item.targets[0]
                        if isinstance(target, ast.Name):
                            _setting(out, target.id, item.value)
            elif (value := _assigned(stmt, "model_config")) is not None:
                if isinstance(value, ast.Call):
                    for kw in value.keywords:
                        if kw.arg:
                            _setting(out, kw.arg, kw.value)
                elif isinstance(value, ast.Dict):
                    for k, v in zip(value.keys, value.values, strict=True):
                        key = literal(k)
                        if isinstance(key, str):
                            _setting(out, key, v)
    return out


def _assigned(stmt: ast.stmt, name: str) -> ast.expr | None:
    """The value ``stmt`` assigns to ``name`` (annotated or not), if it does."""
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.value if stmt.target.id == name else None
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        return stmt.value if isinstance(target, ast.Name) and target.id == name else None
    return None


def _setting(out: ModelConfig, key: str, expr: ast.expr | None) -> None:
    value = literal(expr)
    if value is NO_VALUE:
        return
    if key in ("populate_by_name", "validate_by_name", "allow_population_by_field_name"):
        out.populate_by_name = value is True
    elif key == "fields" and isinstance(value, dict):
        for name, spec in value.items():
            if isinstance(spec, str):
                out.fields[name] = {"alias": spec}
            elif isinstance(spec, dict):
                out.fields[name] = spec
    elif key in ("schema_extra", "json_schema_extra") and isinstance(value, dict):
        out.extra = {**out.extra, **value}


def field_alias(call: ast.Call | None, mode: str, config: ModelConfig, name: str) -> str:
    """The name a field has in the JSON the model reads (``mode`` validation) or writes."""
    if call is not None:
        special = keyword_value(
            call, "validation_alias" if mode == VALIDATION else "serialization_alias"
        )
        chosen = _alias_text(special)
        if chosen is not None:
            return chosen
        alias = _alias_text(keyword_value(call, "alias"))
        if alias is not None:
            return alias
    configured = config.fields.get(name, {}).get("alias")
    return configured if isinstance(configured, str) else name


def _alias_text(expr: ast.expr | None) -> str | None:
    """A string, or the first choice of ``AliasChoices("a", "b")`` / ``AliasPath("a", 0)``
    (the one pydantic's JSON schema names)."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Call) and last_dotted_part(expr.func) in ("AliasChoices", "AliasPath"):
        return _alias_text(expr.args[0]) if expr.args else None
    return None


def computed_fields(sym: ClassSym) -> list[tuple[str, ast.expr | None]]:
    """(name, return annotation) of each ``@computed_field`` property the class declares."""
    out = []
    for stmt in sym.facts.classes[sym.qualname].node.body:
        if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        names = {
            last_dotted_part(d.func if isinstance(d, ast.Call) else d) for d in stmt.decorator_list
        }
        if "computed_field" in names:
            out.append((stmt.name, stmt.returns))
    return out


def v1_required(annotation: str | None, explicit: bool, required: bool) -> bool:
    """Pydantic v1: an ``Optional`` field with no default is not required, unless ``...``."""
    if not required or explicit:
        return required
    try:
        expr = ast.parse(annotation or "", mode="eval").body
    except SyntaxError:
        return required
    _inner, optional = strip_optional(unstring(expr))
    return not optional


def v1_shape(schema: Any) -> Any:
    """A field's schema as pydantic v1 writes it: ``None`` is no type of its own (``Optional``
    only makes a field not required), one ``Literal`` value is a one-item ``enum``."""
    if isinstance(schema, list):
        return [v1_shape(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: v1_shape(v) for k, v in schema.items()}
    branches = out.get("anyOf")
    if isinstance(branches, list):
        rest = [b for b in branches if b != {"type": "null"}]
        if len(rest) == 1 and isinstance(rest[0], dict):
            out.pop("anyOf")
            out = {**rest[0], **out}
        elif len(rest) != len(branches):
            out["anyOf"] = rest
    if "const" in out:
        out["enum"] = [out.pop("const")]
    return out


_PINS: dict[str, tuple[tuple[float, ...], bool]] = {}


def pins_pydantic_v1(root: str) -> bool:
    """Whether the project's own requirements keep pydantic below 2: its ``BaseModel`` is
    then v1's. Re-read when one of the files changes (by modification time)."""
    paths = [os.path.join(root, name) for name in _PIN_FILES]
    stamps = tuple(_mtime(p) for p in paths)
    kept = _PINS.get(root)
    if kept is not None and kept[0] == stamps:
        return kept[1]
    found = False
    for path, stamp in zip(paths, stamps, strict=True):
        data = read_regular(path, _MAX_PIN_FILE) if stamp else None
        if data is None:
            continue
        text = data.decode("utf-8", "replace")
        if path.endswith(".toml"):
            text = "\n".join(_toml_requirements(text))
        if _V1_PIN.search(text):
            found = True
            break
    _PINS[root] = (stamps, found)
    return found


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _toml_requirements(text: str) -> list[str]:
    """The dependency lines of a pyproject: PEP 621's lists and poetry's tables."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return []
    project = data.get("project", {})
    lines: list[str] = []
    if isinstance(project, dict):
        deps = project.get("dependencies", [])
        lines += [d for d in deps if isinstance(d, str)] if isinstance(deps, list) else []
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    deps = poetry.get("dependencies", {}) if isinstance(poetry, dict) else {}
    if isinstance(deps, dict):
        for name, spec in deps.items():
            version = spec.get("version") if isinstance(spec, dict) else spec
            if isinstance(version, str):
                lines.append(f'{name} = "{version}"')
    return lines

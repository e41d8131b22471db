"""Plain data the whole core speaks: positions, routes, ORM models, findings.

No LSP types here. Lines are 0-based and columns are 0-based offsets in characters of the
source line (what :mod:`ast` gives after decoding); front ends convert (the CLI prints 1-based
lines, the LSP server converts columns to the client's position encoding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True, order=True)
class Span:
    start: Position
    end: Position

    @classmethod
    def of(cls, line: int, col: int, end_line: int, end_col: int) -> Span:
        return cls(Position(line, col), Position(end_line, end_col))

    def contains(self, pos: Position) -> bool:
        return self.start <= pos <= self.end

    def contains_span(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` of ``path`` by ``text``."""

    path: str
    span: Span
    text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    path: str
    span: Span
    severity: Severity
    fix: Fix | None = None
    source: str = "backend-architect"


# --- routes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    annotation: str | None
    default: str | None
    # where the value comes from: path, query, body, header, cookie, dependency, request, ...
    kind: str


@dataclass(frozen=True)
class AuthRequirement:
    """One authentication or permission requirement and where the framework takes it from.

    A route is protected when it has an entry with ``kind == "permission"`` and ``public``
    False. ``public`` entries record that the route is opened on purpose (DRF ``AllowAny`` or an
    empty ``permission_classes``, Django's ``login_not_required``); they never protect, and the
    requirements they replace (the settings defaults, the middleware they exempt from) are not
    listed. ``kind == "authentication"`` entries say how the caller is identified (DRF
    ``authentication_classes``) without requiring one.
    """

    name: str  # e.g. "get_current_user", "login_required", "IsAuthenticated"
    level: str  # handler | router | app | settings | middleware
    origin: str  # "path/to/file.py:LINE" of the declaration (1-based line)
    scopes: tuple[str, ...] = ()
    public: bool = False
    kind: str = "permission"  # permission | authentication


@dataclass
class Route:
    framework: str  # fastapi | starlette | flask | django | drf | graphql
    # upper case; ("ANY",) for a view that answers every method (a Django function view
    # without require_http_methods)
    methods: tuple[str, ...]
    path: str  # the full path, parameters written {name}
    handler: str  # "package.module:function" (or "module:Class.method")
    file: str  # path of the handler's file, as the index knows it
    span: Span  # the handler's def line (name) ...
    decorator_span: Span | None  # ... and its route decorator, if any
    local_path: str  # the path as written on the decorator / rule, before prefixes
    parameters: list[Parameter] = field(default_factory=list)
    request_model: str | None = None
    response_model: str | None = None
    status_code: int | None = None
    raises: list[tuple[int | None, str]] = field(default_factory=list)  # (status, detail)
    auth: list[AuthRequirement] = field(default_factory=list)
    docstring: str | None = None
    is_async: bool = False
    reachable: bool = True  # False when no app in the project includes its router
    body_span: Span | None = None  # the whole handler definition, decorators included
    tags: tuple[str, ...] = ()
    # GraphQL operations: the HTTP path serving the schema ("/graphql"), when the index finds it
    # mounted; ``path`` is then the field name the schema exposes and ``methods`` QUERY/MUTATION
    endpoint: str | None = None
    # the objects the route is served through, outermost first, as "module:name" (the app, the
    # router or blueprint it is declared on); () when the linker does not say
    chain: tuple[str, ...] = ()
    # the name a URL is built from: Flask's endpoint ("bp.view"), FastAPI's and Starlette's
    # route name (``url_for``/``url_path_for``); None when the framework gives it none
    name: str | None = None
    # added by the framework itself, handler in the library (Litestar's OPTIONS and schema
    # routes, Flask's ``static``): ``file``/``span`` are the project's call that makes the
    # framework add it (the app's construction, ``add_static``); rules that read handler
    # bodies skip it, as there is no body in the project
    generated: bool = False
    # the methods the framework answers on this route by itself, beyond ``methods``: werkzeug's
    # HEAD beside GET and Flask's OPTIONS, Starlette's HEAD, Django's ``View.options``. Not the
    # project's handlers, so rules and the label leave them out; ``answers`` has both
    automatic: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{' '.join(self.methods)} {self.path}"

    @property
    def answers(self) -> tuple[str, ...]:
        """Every method a request may use here: the declared ones, then the automatic ones."""
        return self.methods + tuple(m for m in self.automatic if m not in self.methods)

    @property
    def is_websocket(self) -> bool:
        """A websocket endpoint: a channel of messages, not a resource with HTTP methods."""
        return self.methods == ("WEBSOCKET",)


# --- ORM ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    type: str | None
    nullable: bool | None
    primary_key: bool = False
    foreign_key: str | None = None  # "table.column"
    index: bool = False
    unique: bool = False
    default: str | None = None
    line: int = 0
    length: int | None = None
    span: Span | None = None  # the attribute's name where the column is declared
    # what a migration writes: the type as ``sa.String(length=50)`` (None when not read), the
    # server default as Python source, the foreign key's ``ondelete``
    sql_type: str | None = None
    server_default: str | None = None
    ondelete: str | None = None


@dataclass(frozen=True)
class Relationship:
    name: str
    target: str
    back_populates: str | None = None
    lazy: str | None = None
    line: int = 0
    kind: str | None = None  # foreign_key | one_to_one | many_to_many, where the source says
    secondary: str | None = None  # the association table, when named


@dataclass(frozen=True)
class TableArg:
    """An item of ``__table_args__``: an index, a unique or a check constraint."""

    kind: str  # index | unique | check
    name: str | None
    columns: tuple[str, ...] = ()
    unique: bool = False  # of an index
    sqltext: str | None = None  # of a check constraint


@dataclass
class OrmModel:
    name: str  # class name
    qualname: str  # "package.module:Class"
    framework: str  # sqlalchemy | sqlmodel | django
    table: str | None
    file: str
    span: Span
    columns: list[Column] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    indexes: list[tuple[str, ...]] = field(default_factory=list)  # multi-column indexes
    abstract: bool = False
    unique_constraints: list[tuple[str, ...]] = field(default_factory=list)  # column names
    table_args: list[TableArg] = field(default_factory=list)  # named, with check constraints
    naming_convention: tuple[tuple[str, str], ...] = ()  # the MetaData's, for constraint names

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


# --- request / response models (pydantic, dataclasses, marshmallow, DRF serializers) -------


@dataclass(frozen=True)
class SchemaField:
    name: str
    annotation: str | None
    default: str | None
    required: bool
    # DRF serializers: ``read_only``/``write_only``, ``allow_null`` (or the model field's null)
    read_only: bool = False
    write_only: bool = False
    nullable: bool = False
    # pydantic: required by an explicit ``...`` (``Field(...)``), which pydantic v1 honours
    # for an ``Optional`` field too
    explicit: bool = False


@dataclass
class SchemaModel:
    name: str
    qualname: str
    file: str
    span: Span
    bases: tuple[str, ...]
    fields: list[SchemaField] = field(default_factory=list)
    # which library reads it, where that changes the schema: "pydantic" (v2 or, where the
    # project pins pydantic<2, v1), "pydantic-v1" (``pydantic.v1`` imports), "marshmallow",
    # "restx"; "" for the rest
    flavour: str = ""

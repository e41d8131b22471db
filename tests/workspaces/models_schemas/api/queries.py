from dataclasses import dataclass, field


@dataclass
class Query:
    term: str
    limit: int = 20
    fields: list[str] = field(default_factory=list)


@dataclass
class Internal:
    """Used nowhere as a body: not a schema."""

    cache_key: str

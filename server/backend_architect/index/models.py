"""ORM models and request/response schemas. (Filled in by the models extractor.)"""

from __future__ import annotations

from ..core.model import OrmModel, SchemaModel
from .frameworks.common import LinkContext


def extract_models(ctx: LinkContext) -> list[OrmModel]:
    return []


def extract_schemas(ctx: LinkContext) -> list[SchemaModel]:
    return []

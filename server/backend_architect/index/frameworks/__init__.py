"""Route discovery per framework. Each linker reads the project's facts and returns routes;
adding a framework is adding a module here and its class to ``LINKERS``."""

from __future__ import annotations

from .aiohttp import AiohttpLinker
from .appbuilder.linker import AppBuilderLinker
from .connexion import ConnexionLinker
from .django.linker import DjangoLinker
from .fastapi.linker import FastAPILinker
from .flask import FlaskLinker
from .graphql import GraphQLLinker
from .litestar import LitestarLinker
from .starlette.linker import StarletteLinker

LINKERS = (
    FastAPILinker,
    FlaskLinker,
    AppBuilderLinker,
    StarletteLinker,
    DjangoLinker,
    GraphQLLinker,
    AiohttpLinker,
    LitestarLinker,
    ConnexionLinker,
)

__all__ = [
    "LINKERS",
    "AiohttpLinker",
    "AppBuilderLinker",
    "ConnexionLinker",
    "DjangoLinker",
    "FastAPILinker",
    "FlaskLinker",
    "GraphQLLinker",
    "LitestarLinker",
    "StarletteLinker",
]

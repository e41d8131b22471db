"""FastAPI route shapes seen in real projects, checked against what FastAPI itself serves.

Each workspace is small enough to say its routes by reading it: the expected sets below are
what ``app.routes`` lists when the code runs (a decorator registers its route when the
``def`` runs, whatever replaces the name afterwards; Cadwyn serves its versioned routers'
paths as they are, the version travelling in a header).
"""

from __future__ import annotations

from pathlib import Path

from _support import cold_index, write_tree


def _routes(root: Path, files: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    write_tree(root, files)
    index = cold_index(root)
    return {
        (m, r.path): [a.name for a in r.auth]
        for r in index.published_routes()
        if not r.generated  # FastAPI's /docs and /openapi.json
        for m in r.methods
    }


def test_a_redefined_handler_keeps_the_route_of_its_first_definition(tmp_path: Path) -> None:
    routes = _routes(
        tmp_path,
        {
            "main.py": """
            from fastapi import APIRouter, Depends, FastAPI

            def get_current_user(): ...
            def get_verified_user(user=Depends(get_current_user)): ...
            def get_admin_user(): ...

            router = APIRouter()

            @router.get("/{id}/content")
            async def get_file_content_by_id(id: str, user=Depends(get_verified_user)):
                return id

            @router.get("/{id}/content/{file_name}")
            async def get_file_content_by_id(id: str, file_name: str, user=Depends(get_admin_user)):
                return id

            app = FastAPI()
            app.include_router(router, prefix="/api/v1/files")
            """,
        },
    )
    assert routes == {
        ("GET", "/api/v1/files/{id}/content"): ["get_verified_user"],
        ("GET", "/api/v1/files/{id}/content/{file_name}"): ["get_admin_user"],
    }


def test_cadwyn_app_and_versioned_routers(tmp_path: Path) -> None:
    routes = _routes(
        tmp_path,
        {
            "api/__init__.py": "",
            "api/routes.py": """
            from cadwyn import VersionedAPIRouter
            from fastapi import APIRouter, Security

            def require_auth(): ...

            health = APIRouter()
            variables = VersionedAPIRouter()
            authenticated = VersionedAPIRouter(dependencies=[Security(require_auth)])
            execution_api_router = APIRouter()

            @health.get("/health")
            def ping(): ...

            @variables.put("/{variable_key}")
            def put_variable(variable_key: str): ...

            authenticated.include_router(variables, prefix="/variables")
            execution_api_router.include_router(health)
            execution_api_router.include_router(authenticated)
            """,
            "api/app.py": """
            from cadwyn import Cadwyn
            from fastapi import FastAPI

            from api.routes import execution_api_router

            class CustomCadwyn(Cadwyn):
                pass

            ROUTERS = (execution_api_router,)

            def create_execution_app() -> FastAPI:
                app = CustomCadwyn(versions=None)
                app.generate_and_include_versioned_routers(*ROUTERS)  # spread, as Airflow does
                return app

            def create_app() -> FastAPI:
                app = FastAPI()
                execution_app = create_execution_app()
                app.mount("/execution", execution_app)
                return app
            """,
        },
    )
    assert routes == {
        ("GET", "/execution/health"): [],
        ("PUT", "/execution/variables/{variable_key}"): ["require_auth"],
    }


def test_a_string_rebuilt_from_itself_is_not_its_earlier_value(tmp_path: Path) -> None:
    """``PREFIX = with_version(PREFIX)`` is a new value: shown unknown, not the old one."""
    (tmp_path / "main.py").write_text(
        "from fastapi import APIRouter, FastAPI\n\n"
        'PREFIX = "/api"\n'
        'PREFIX = with_version(PREFIX, "v2")\n'
        "router = APIRouter(prefix=PREFIX)\n\n\n"
        '@router.get("/items")\ndef items() -> list[int]:\n    return []\n\n\n'
        "app = FastAPI()\napp.include_router(router)\n"
    )
    routes = cold_index(tmp_path).routes
    assert [r.path for r in routes if not r.generated] == ["/{?PREFIX}/items"]

"""FastAPI route shapes seen in real projects, checked against what FastAPI itself serves.

Each workspace is small enough to say its routes by reading it: the expected sets below are
what ``app.routes`` lists when the code runs (a decorator registers its route when the
``def`` runs, whatever replaces the name afterwards; Cadwyn serves its versioned routers'
paths as they are, the version travelling in a header).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from backend_architect.index.project import ProjectIndex


def _routes(root: Path, files: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    index = ProjectIndex(str(root))
    index.build()
    return {
        (m, r.path): [a.name for a in r.auth] for r in index.published_routes() for m in r.methods
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

"""Models and schemas after an edit: recomputed only when the edit reaches them (counted)."""

from __future__ import annotations

from pathlib import Path

from _support import cold_index, edit_file
from backend_architect.index.project import ProjectIndex

FILES = {
    "app/__init__.py": "",
    "app/db.py": """\
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class TimestampMixin:
    pass
""",
    "app/models.py": """\
from sqlalchemy import Column, Integer, String

from app.db import Base


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    name = Column(String(50))
""",
    "app/schemas.py": """\
from pydantic import BaseModel


class UserOut(BaseModel):
    id: int
    name: str
""",
    "app/api.py": """\
from fastapi import APIRouter

from app.schemas import UserOut

router = APIRouter()


@router.get("/users/{user_id}", response_model=UserOut)
def read_user(user_id: int):
    return {"id": user_id}


@router.get("/health")
def health():
    return "ok"
""",
}


def _tree(root: Path) -> None:
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _shape(index: ProjectIndex) -> tuple[object, object]:
    return (
        [(m.name, m.table, [(c.name, c.type, c.length) for c in m.columns]) for m in index.models],
        [(s.name, [f.name for f in s.fields]) for s in index.schemas],
    )


def test_reading_models_after_a_router_edit_recomputes_no_model_pass(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = cold_index(tmp_path)
    assert [m.name for m in index.models] == ["User"]
    first = index.models
    before = index.symbols.computed.copy()

    edit_file(index, tmp_path / "app/api.py", '"/health"', '"/healthz"')
    models = index.models

    delta = index.symbols.computed - before
    assert delta["models"] == 0  # the extraction is not run again
    assert delta["models.signature"] == 1  # only the edited module's signatures are re-read
    assert models is not first  # a new list per relink (callers may keep the old one)
    assert [id(m) for m in models] == [id(m) for m in first]  # same models, not rebuilt
    assert _shape(index) == _shape(cold_index(tmp_path))


def test_an_edit_to_a_model_or_its_base_recomputes_the_models(tmp_path: Path) -> None:
    _tree(tmp_path)
    index = cold_index(tmp_path)
    assert index.models
    before = index.symbols.computed.copy()
    edit_file(index, tmp_path / "app/models.py", "String(50)", "String(80)")
    user = index.model("User")
    assert user is not None
    assert [c.length for c in user.columns if c.name == "name"] == [80]
    assert (index.symbols.computed - before)["models"] == 1
    assert _shape(index) == _shape(cold_index(tmp_path))

    before = index.symbols.computed.copy()
    edit_file(index, tmp_path / "app/db.py", "class Base(DeclarativeBase):", "class Base:")
    assert index.models == []
    assert (index.symbols.computed - before)["models"] == 1
    assert _shape(index) == _shape(cold_index(tmp_path))


def test_a_handler_signature_naming_a_new_class_changes_the_candidates(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "app/shapes.py").write_text(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int\n"
    )
    index = cold_index(tmp_path)
    assert index.schema("Point") is None
    edit_file(
        index,
        tmp_path / "app/api.py",
        "from app.schemas import UserOut\n",
        "from app.schemas import UserOut\nfrom app.shapes import Point\n",
    )
    edit_file(index, tmp_path / "app/api.py", "def health():", "def health(p: Point):")
    assert index.schema("Point") is not None
    assert _shape(index) == _shape(cold_index(tmp_path))

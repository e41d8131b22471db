"""A type no reader can resolve is written as unresolved, never invented; an f-string detail of a
raised error reads as the client sees it."""

from __future__ import annotations

from pathlib import Path

from _support import write_tree
from backend_architect.actions.document_api.build import document_api
from backend_architect.index.project import ProjectIndex

APP = """
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel
from somewhere_else import Mystery

app = FastAPI()


class Box(BaseModel):
    content: Mystery
    count: int = 0


@app.get("/boxes/{box_id}")
def get_box(box_id: int) -> Box:
    raise HTTPException(404, f"Box {box_id} not found")
"""


def test_unresolved_type_is_marked_not_guessed(tmp_path: Path) -> None:
    write_tree(tmp_path, {"main.py": APP})
    index = ProjectIndex(str(tmp_path))
    index.build()
    doc = document_api(index)
    box = doc.components["Box"]
    assert box["properties"]["content"] == {
        "x-unresolved": "Mystery",
        "description": "unresolved type: Mystery",
    }
    assert box["properties"]["count"] == {"type": "integer", "default": 0}
    assert doc.unresolved == ["Mystery"]
    responses = doc.openapi["paths"]["/boxes/{box_id}"]["get"]["responses"]
    assert responses["404"]["description"] == "Box {box_id} not found"

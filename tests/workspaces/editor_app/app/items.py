from typing import Annotated

from fastapi import APIRouter, Depends

from app.deps import get_current_user, get_db

router = APIRouter(prefix="/items", tags=["items"])


@router.get("/{item_id}")
def get_item(item_id: int, user: Annotated[str, Depends(get_current_user)], db=Depends(get_db)):
    """One item."""
    return db.execute(f"SELECT * FROM items WHERE id = {item_id}").fetchone()


@router.post("/", name="make_item")
def create_item(user: Annotated[str, Depends(get_current_user)]) -> dict[str, int]:
    return {"id": 1}


@router.get("/{item_id}/parts/{part_id}")
def get_part(item_id: int, part_id: int, user: Annotated[str, Depends(get_current_user)]):
    return {"item": item_id, "part": part_id}

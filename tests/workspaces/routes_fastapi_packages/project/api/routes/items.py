from fastapi import APIRouter

router = APIRouter(prefix="/items", tags=["items"])


@router.get("")
def list_items() -> list[dict]:
    return []


@router.get("/{item_id:int}")
def get_item(item_id: int) -> dict:
    return {"id": item_id}


@router.delete("/{item_id}", status_code=204)
def delete_item(item_id: int) -> None:
    return None

from fastapi import APIRouter

router = APIRouter(tags=["orders"])


@router.post("", status_code=201)
def create_order() -> dict[str, int]:
    return {"id": 1}


@router.get("/{order_id}/items/{item_id}")
@router.get("/{order_id}/lines/{item_id}")
def read_order_item(order_id: int, item_id: int) -> dict[str, int]:
    return {"order": order_id, "item": item_id}

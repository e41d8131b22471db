from fastapi import APIRouter, WebSocket

router = APIRouter()
lines = APIRouter(prefix="/{order_id}/lines")


@lines.get("")
def list_lines(order_id: int) -> list[dict]:
    return []


@lines.put("/{line_no}")
def put_line(order_id: int, line_no: int) -> dict:
    return {}


@router.get("/{order_id}")
def get_order(order_id: int) -> dict:
    return {"id": order_id}


router.include_router(lines)


@router.websocket("/{order_id}/events")
async def order_events(websocket: WebSocket, order_id: int) -> None:
    await websocket.accept()
    await websocket.send_json({"order": order_id})
    await websocket.close()

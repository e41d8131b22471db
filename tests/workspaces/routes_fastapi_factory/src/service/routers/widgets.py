from fastapi import APIRouter, HTTPException

router = APIRouter()


@router.get("/")
async def list_widgets() -> list[dict]:
    return []


@router.get("/{widget_id}")
async def get_widget(widget_id: str) -> dict:
    raise HTTPException(status_code=404, detail="Widget not found")

from fastapi import APIRouter

router = APIRouter()


@router.post("/reindex")
async def reindex() -> dict:
    return {}

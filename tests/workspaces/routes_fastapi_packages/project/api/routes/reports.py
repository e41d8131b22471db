from fastapi import APIRouter

from project.core import constants

router = APIRouter(prefix=f"/{constants.VERSION}")


@router.get("/daily")
def daily() -> dict:
    return {}

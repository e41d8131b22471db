from fastapi import APIRouter

router = APIRouter()


@router.get("/")
def list_users() -> list[dict]:
    return []


@router.post("/", status_code=201)
def add_user() -> dict:
    return {}


@router.get("/{user_id}")
def get_user(user_id: int) -> dict:
    return {"id": user_id}

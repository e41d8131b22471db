from fastapi import APIRouter, HTTPException, status

from app.deps import CurrentUser
from app.schemas import UserIn, UserOut

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/{user_id}", response_model=UserOut)
async def read_user(user_id: int, user: CurrentUser) -> UserOut:
    """Return one user."""
    if user_id <= 0:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="User not found")
    return UserOut(id=user_id, email="a@example.com")


@router.post("/create", status_code=201)
def create_user(body: UserIn, user: CurrentUser) -> UserOut:
    return UserOut(id=1, email=body.email)

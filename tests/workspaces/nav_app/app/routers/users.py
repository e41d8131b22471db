from fastapi import APIRouter, HTTPException, status

from app.deps import CurrentUser
from app.schemas import UserIn, UserOut

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserOut)
def read_me(user: CurrentUser) -> UserOut:
    return UserOut(id=0, email=user)


@router.get("/{user_id}", response_model=UserOut)
async def read_user(user_id: int, user: CurrentUser) -> UserOut:
    """Return one user."""
    if user_id <= 0:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="User not found")
    return UserOut(id=user_id, email="a@example.com")


@router.delete("/{user_id}", status_code=204)
def delete_user(user_id: int, user: CurrentUser) -> None:
    return None


@router.post("/create", status_code=201)
def create_user(body: UserIn, user: CurrentUser) -> UserOut:
    return UserOut(id=1, email=body.email)

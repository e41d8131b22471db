from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Path, status

from ..deps import CommonDep, DbDep, KeyDep, Pager, verify_token
from ..schemas import Stats, UserCreate, UserOut

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/", response_model=list[UserOut])
def list_users(db: DbDep, params: CommonDep, pager: Annotated[Pager, Depends()]):
    return []


@router.post("/", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def create_user(user: UserCreate, db: DbDep, key: KeyDep):
    return user


@router.get("/{user_id}")
def get_user(user_id: Annotated[UUID, Path(description="the user")], db: DbDep) -> UserOut:
    raise HTTPException(status.HTTP_404_NOT_FOUND, "User not found")


@router.get("/stats/summary", dependencies=[Depends(verify_token)])
def user_stats() -> Stats:
    return Stats(count=1)


@router.delete("/{user_id}", status_code=204)
def delete_user(user_id: UUID, db: DbDep) -> None:
    return None

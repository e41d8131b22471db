from fastapi import APIRouter, Depends, HTTPException, status
from sqlalchemy import select

from app.api.deps import CurrentUser, SessionDep, get_current_superuser
from app.core.security import hash_password
from app.models.user import User
from app.schemas.user import UserCreate, UserOut, UserUpdate

router = APIRouter()


@router.get("/", response_model=list[UserOut], dependencies=[Depends(get_current_superuser)])
def list_users(db: SessionDep, skip: int = 0, limit: int = 100) -> list[User]:
    return list(db.scalars(select(User).offset(skip).limit(limit)))


@router.post("/create", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def create_user(db: SessionDep, user_in: UserCreate) -> User:
    existing = db.scalars(select(User).where(User.email == user_in.email)).first()
    if existing is not None:
        raise HTTPException(status_code=400, detail="A user with this email already exists")
    user = User(
        email=user_in.email,
        full_name=user_in.full_name,
        hashed_password=hash_password(user_in.password),
    )
    db.add(user)
    db.commit()
    db.refresh(user)
    return user


@router.get("/me", response_model=UserOut)
def read_me(current_user: CurrentUser) -> User:
    return current_user


@router.patch("/me", response_model=UserOut)
def update_me(db: SessionDep, current_user: CurrentUser, user_in: UserUpdate) -> User:
    if user_in.full_name is not None:
        current_user.full_name = user_in.full_name
    if user_in.password is not None:
        current_user.hashed_password = hash_password(user_in.password)
    db.commit()
    return current_user


@router.get("/{user_id}", response_model=UserOut, dependencies=[Depends(get_current_superuser)])
def read_user(user_id: int, db: SessionDep) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="User not found")
    return user

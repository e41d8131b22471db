from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel
from sqlalchemy import select

from app.api.deps import SessionDep
from app.core.security import create_access_token, verify_password
from app.models.user import User
from app.schemas.user import Token

router = APIRouter()


class LoginIn(BaseModel):
    username: str
    password: str


@router.post("/login/access-token", response_model=Token)
def login_access_token(db: SessionDep, credentials: LoginIn) -> Token:
    user = db.scalars(select(User).where(User.email == credentials.username)).first()
    if user is None or not verify_password(credentials.password, user.hashed_password):
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Incorrect email or password")
    return Token(access_token=create_access_token(user.id))

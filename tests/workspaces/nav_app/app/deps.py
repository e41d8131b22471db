from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import OAuth2PasswordBearer

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


def get_current_user(token: Annotated[str, Depends(oauth2_scheme)]) -> str:
    if not token:
        raise HTTPException(status_code=401, detail="Not authenticated")
    return token


CurrentUser = Annotated[str, Depends(get_current_user)]

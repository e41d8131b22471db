from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    API_V1_STR: str = "/api/v1"
    API_PREFIX: str = Field(default="/api")
    DEBUG: bool = False


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = Settings()

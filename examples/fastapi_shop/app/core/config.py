from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    PROJECT_NAME: str = "Shop API"
    API_V1_STR: str = "/api/v1"
    DATABASE_URL: str = "sqlite:///./shop.db"
    SECRET_KEY: str = "3f9c2b7e4d1a8f6055e2c9b1a7d4e8f2"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24
    SHIPPING_API_URL: str = "https://shipping.example.com/v2/quotes"


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()

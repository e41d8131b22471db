import os


class Config:
    SECRET_KEY = "dev-8c1f4e2a9b7d6035"
    DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///blog.db")
    POSTS_PER_PAGE = 10
    GRAVATAR_URL = "https://www.gravatar.com/avatar"


class TestingConfig(Config):
    TESTING = True
    DATABASE_URL = "sqlite://"

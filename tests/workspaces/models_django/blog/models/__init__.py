from .post import Post
from .tag import Tag

__all__ = ["Post", "Tag"]

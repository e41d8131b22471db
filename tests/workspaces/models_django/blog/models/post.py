"""A model in a models package, built on an abstract base from another app."""

from django.contrib.auth.models import User
from django.db import models

from core.models import TimeStampedModel

from .tag import Tag


class Post(TimeStampedModel):
    title = models.CharField(max_length=120)
    author = models.OneToOneField(User, on_delete=models.CASCADE, null=True)
    tags = models.ManyToManyField(Tag, related_name="posts")

    class Meta(TimeStampedModel.Meta):
        db_table = "blog_entries"

from .base import *  # noqa: F403

ROOT_URLCONF = "service.urls"

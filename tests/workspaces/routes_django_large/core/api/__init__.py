from .routers import NetBoxRouter
from .viewsets import *

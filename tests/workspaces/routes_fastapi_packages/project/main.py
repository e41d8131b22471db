from fastapi import FastAPI

from project.admin import views as admin_views
from project.api import api_router
from project.core.config import get_settings, settings
from project.core.constants import ADMIN_PREFIX

app = FastAPI()
app.include_router(api_router, prefix=settings.API_V1_STR)
app.include_router(api_router, prefix=f"{get_settings().API_PREFIX}/latest")
app.include_router(admin_views.router, prefix=ADMIN_PREFIX + "/v1")

"""Never imported (autodiscovery imports only ``admin`` modules): registers nothing."""

from django.contrib import admin

from .models import Draft

admin.site.register(Draft)

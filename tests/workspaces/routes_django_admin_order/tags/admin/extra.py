from django.contrib import admin

from tags.models import Label

admin.site.register(Label)

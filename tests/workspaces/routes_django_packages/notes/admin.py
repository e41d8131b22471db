"""Admin registrations: the default site and the staff site, an installed package's
ModelAdmin replaced (User) and one taken away (Group)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpResponse
from django.urls import path

from portal.admin_site import staff_site

from .models import Note, Tag


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    def get_urls(self):
        urls = super().get_urls()
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_notes),
                name="notes_note_import",
            )
        ]
        return extra + urls

    def import_notes(self, request):
        return HttpResponse("imported")


admin.site.register([Tag])
staff_site.register(Note)


@admin.register(Tag, site=staff_site)
class StaffTagAdmin(admin.ModelAdmin):
    pass


admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    def get_urls(self):
        return super().get_urls() + [
            path("<int:pk>/impersonate/", self.admin_site.admin_view(self.impersonate)),
        ]

    def impersonate(self, request, pk):
        return HttpResponse("as someone else")

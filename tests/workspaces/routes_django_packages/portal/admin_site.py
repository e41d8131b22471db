"""A custom admin site: its own views before the admin's, no final catch-all view."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import path


class StaffSite(admin.AdminSite):
    site_header = "Staff"
    final_catch_all_view = False

    def get_urls(self):
        return [
            path("stats/", self.admin_view(self.stats), name="stats"),
            path("health/", self.health, name="health"),
        ] + super().get_urls()

    def stats(self, request):
        return HttpResponse("stats")

    def health(self, request):
        return HttpResponse("ok")


staff_site = StaffSite(name="staff")
# a near miss: a site nobody mounts serves nothing
unused_site = admin.AdminSite(name="unused")

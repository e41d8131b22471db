from beat import admin as beat_admin  # noqa: F401  (beat's registrations run here, once)
from beat.models import Clock, Interval
from django.contrib import admin

from dashboard.models import Panel

admin.site.unregister(Clock)
admin.site.unregister(Interval)
admin.site.register(Panel)


def later():
    import tags.admin.extra  # noqa: F401  (not run when the module runs)

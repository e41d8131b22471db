from django.contrib import admin

from beat.models import Clock, Interval, Task

admin.site.register(Clock)
admin.site.register(Interval)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    pass

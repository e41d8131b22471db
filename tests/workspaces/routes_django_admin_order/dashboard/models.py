from django.db import models


class Panel(models.Model):
    title = models.CharField(max_length=20)

from django.db import models

__all__ = ("Site", "Region")


class Site(models.Model):
    name = models.CharField(max_length=100)


class Region(models.Model):
    name = models.CharField(max_length=100)

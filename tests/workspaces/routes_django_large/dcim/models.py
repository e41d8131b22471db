from django.db import models


class Site(models.Model):
    name = models.CharField(max_length=100)


class Device(models.Model):
    name = models.CharField(max_length=100)


class Rack(models.Model):
    name = models.CharField(max_length=100)

    class Meta:
        app_label = "dcim"

from django.db import models


class Prefix(models.Model):
    prefix = models.CharField(max_length=50)


class VLAN(models.Model):
    vid = models.IntegerField()

from django.db import models


class Clock(models.Model):
    at = models.DateTimeField()


class Interval(models.Model):
    every = models.IntegerField()


class Task(models.Model):
    name = models.CharField(max_length=20)

from django.db import models


class Note(models.Model):
    title = models.CharField(max_length=200)


class Tag(models.Model):
    name = models.CharField(max_length=50)


class Draft(models.Model):
    body = models.TextField()

from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=200)
    isbn = models.CharField(max_length=13, unique=True)


class Shelf(models.Model):
    name = models.CharField(max_length=50)

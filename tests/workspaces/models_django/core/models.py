from django.db import models


class TimeStampedModel(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["-created"], name="%(app_label)s_%(class)s_created")]


class Place(models.Model):
    name = models.CharField(max_length=50)
    address = models.CharField(max_length=80, blank=True)


class Restaurant(Place):
    """Multi-table inheritance: a one-to-one link to Place is the primary key."""

    serves_pizza = models.BooleanField(default=False)


class Venue(Place):
    class Meta:
        proxy = True

from django.db import models


class Tag(models.Model):
    label = models.CharField(max_length=30, unique=True)


class Category(models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)


class Product(models.Model):
    STATUS = [("draft", "Draft"), ("live", "Live")]

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    stock = models.PositiveIntegerField(default=0)
    category = models.ForeignKey(Category, null=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, blank=True)
    released = models.DateField(null=True)
    sku = models.UUIDField()
    created = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)


class Review(models.Model):
    product = models.ForeignKey(Product, related_name="reviews", on_delete=models.CASCADE)
    rating = models.IntegerField()
    body = models.TextField()
    author_email = models.EmailField()

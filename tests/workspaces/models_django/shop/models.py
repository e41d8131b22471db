from django.conf import settings
from django.db import models

from core.models import TimeStampedModel

SKU_LENGTH = 12


class Category(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField()
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        db_table = "shop_categories"
        verbose_name_plural = "categories"


class Product(TimeStampedModel):
    sku = models.CharField("stock keeping unit", max_length=SKU_LENGTH, primary_key=True)
    title = models.CharField(max_length=200, db_index=True)
    description = models.TextField(blank=True, default="")
    price = models.DecimalField(max_digits=8, decimal_places=2)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, db_column="cat_id")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    tags = models.ManyToManyField("blog.Tag", blank=True)

    class Meta:
        indexes = [models.Index(fields=["title", "category"], name="product_title_cat")]
        unique_together = [("title", "owner")]


class Order(models.Model):
    product = models.ForeignKey("Product", to_field="sku", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField(default=1)
    note = models.CharField(max_length=255, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["product", "note"], name="uniq_order_note")]

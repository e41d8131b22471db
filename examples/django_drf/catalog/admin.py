from django.contrib import admin

from catalog.models import Author, Book, Loan

admin.site.register(Author)
admin.site.register(Book)
admin.site.register(Loan)

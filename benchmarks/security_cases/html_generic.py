from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from flask import make_response
from markupsafe import Markup

SITE = "Shop"


def badge(user):
    return mark_safe(f"<b>{user.display_name}</b>")  # due


def badge_ok(user):
    return format_html("<b>{}</b>", user.display_name)  # safe


def comment_html(comment):
    return HttpResponse("<p>%s</p>" % comment.body)  # due


def heading():
    return mark_safe(f"<h1>{SITE}</h1>")  # safe


def row(item):
    return make_response("<tr><td>" + item.title + "</td></tr>")  # due


def row_text(item):
    return make_response(f"{item.title} saved")  # safe


def label(text):
    return Markup("<span>{}</span>").format(text)  # safe


class Title:
    def __init__(self, text):
        self.text = text

    def __html__(self):
        return f"<h2>{self.text}</h2>"  # due

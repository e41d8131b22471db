from django.http import HttpResponse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from flask import Flask, make_response, render_template_string, request
from markupsafe import Markup

app = Flask(__name__)
api = FastAPI()


@app.get("/hello")
def hello():
    name = request.args.get("name", "")
    return render_template_string("<h1>Hello " + name + "</h1>")  # due


@app.get("/hello2")
def hello2():
    name = request.args.get("name", "")
    return render_template_string("<h1>Hello {{ name }}</h1>", name=name)  # safe


@app.get("/greet")
def greet():
    return make_response("<p>" + request.args["who"] + "</p>")  # due


@app.get("/badge")
def badge():
    return Markup(f"<span>{request.args['label']}</span>")  # due


@app.get("/badge2")
def badge2():
    return Markup("<span>{}</span>").format(request.args["label"])  # safe


def search(request):
    q = request.GET.get("q", "")
    return HttpResponse("<p>Results for " + q + "</p>")  # due


def search_escaped(request):
    q = request.GET.get("q", "")
    return HttpResponse("<p>Results for " + escape(q) + "</p>")  # safe


def title(request):
    return mark_safe("<h1>%s</h1>" % request.GET["t"])  # due


def title_ok(request):
    return format_html("<h1>{}</h1>", request.GET["t"])  # safe


def render_comment(text):
    return mark_safe("<div class='comment'>" + text + "</div>")  # due:comment


def comment(request):
    return HttpResponse(render_comment(request.POST["body"]))  # due:comment


@api.get("/page")
async def page(request: Request):
    return HTMLResponse(f"<p>{request.query_params['msg']}</p>")  # due


@api.get("/page2")
async def page2(request: Request):
    return HTMLResponse("<p>static</p>")  # safe

import urllib.request
from urllib.parse import urlparse

import httpx
import requests
from fastapi import FastAPI
from pydantic import BaseModel
from flask import request

api = FastAPI()
ALLOWED_HOSTS = {"images.example.com"}


class Hook(BaseModel):
    url: str


def fetch_preview(url):
    return requests.get(url, timeout=5).text  # due:preview


def fetch_avatar(user_id):
    return requests.get(f"https://avatars.example.com/{user_id}", timeout=5)  # safe


@api.post("/hooks")
def add_hook(hook: Hook):
    return httpx.post(hook.url, json={"ping": 1}, timeout=5)  # due


def preview():
    return fetch_preview(request.json["url"])  # due:preview


def proxy():
    target = request.args["u"]
    return urllib.request.urlopen(target).read()  # due


def proxy_checked():
    target = request.args["u"]
    if urlparse(target).hostname not in ALLOWED_HOSTS:
        return "no", 400
    return requests.get(target, timeout=5).content  # safe


def avatar():
    return fetch_avatar(request.args["id"])  # safe

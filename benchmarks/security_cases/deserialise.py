import base64
import json
import marshal
import pickle

import yaml
from fastapi import FastAPI, Request
from flask import request as flask_request

app = FastAPI()


def load_state(blob):
    return pickle.loads(base64.b64decode(blob))  # due


@app.post("/restore")
async def restore(request: Request):
    body = await request.body()
    return pickle.loads(body)  # due


@app.post("/restore2")
async def restore2(request: Request):
    form = await request.form()
    return load_state(form["state"])  # due


def flask_import():
    data = flask_request.get_data()
    return yaml.load(data, Loader=yaml.Loader)  # due


def flask_import_safe():
    data = flask_request.get_data()
    return yaml.safe_load(data)  # safe


def flask_json():
    return json.loads(flask_request.get_data())  # safe


def code_object(request):
    return marshal.loads(request.body)  # due


def calc(request):
    return eval(request.GET["expr"])  # due


def calc_literal(request):
    import ast

    return ast.literal_eval(request.GET["expr"])  # safe


def unsafe_yaml(text):
    return yaml.unsafe_load(text)  # due


def config_file():
    with open("config.yaml") as fh:
        return yaml.safe_load(fh)  # safe

import json
import pickle
import subprocess
import xml.etree.ElementTree as ET
from xml.dom import minidom

import defusedxml.ElementTree as SafeET
import ruamel.yaml
import yaml


def read_feed(body):
    return ET.fromstring(body)  # due


def read_feed_safe(body):
    return SafeET.fromstring(body)  # safe


def read_doc(path):
    return minidom.parse(path)  # due


def from_cache(redis, key):
    blob = redis.get(key)
    return pickle.loads(blob)  # due


def from_cache_json(redis, key):
    return json.loads(redis.get(key))  # safe


def evaluate(expression):
    return eval(expression)  # due


def settings_yaml(text):
    return yaml.unsafe_load(text)  # due


def settings_yaml_safe(text):
    return yaml.safe_load(text)  # safe


def ruamel_loader():
    return ruamel.yaml.YAML(typ="unsafe")  # due


def ruamel_safe():
    return ruamel.yaml.YAML(typ="safe")  # safe


def run_job(command_line):
    return subprocess.run(["sh", "-c", command_line], check=True)  # due


def run_job_ok(args):
    return subprocess.run(["job-runner", *args], check=True)  # safe

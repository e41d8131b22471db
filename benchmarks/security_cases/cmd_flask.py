import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)
ALLOWED = {"disk": "df -h", "mem": "free -m"}


def disk_usage(path):
    return subprocess.run("df -h " + path, shell=True, capture_output=True)  # due


def ping(host):
    os.system(f"ping -c 1 {host}")  # due


def ping_quoted(host):
    os.system("ping -c 1 " + shlex.quote(host))  # safe


def run_listing(folder):
    return subprocess.run(["ls", "-l", folder], capture_output=True)  # safe


@app.get("/disk")
def disk():
    return disk_usage(request.args.get("path", "/")).stdout  # due


@app.get("/ping")
def do_ping():
    ping(request.args["host"])  # due
    ping_quoted(request.args["host"])  # safe
    run_listing(request.args["dir"])  # safe
    return "ok"


@app.get("/report")
def report():
    name = request.args.get("name", "")
    out = subprocess.check_output("grep -r " + name + " /var/log", shell=True)  # due
    return out


@app.get("/status")
def status():
    kind = request.args.get("kind", "disk")
    command = ALLOWED.get(kind, "uptime")
    return subprocess.check_output(command, shell=True)  # safe


@app.get("/uptime")
def uptime():
    return subprocess.check_output("uptime", shell=True)  # safe


def backup(target):
    cmd = "tar czf /backups/out.tgz " + target
    os.popen(cmd).read()  # due


def nightly():
    backup("/srv/data")  # safe

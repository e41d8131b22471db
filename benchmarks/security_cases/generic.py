import hashlib
import os
import random
import ssl
import subprocess
import tempfile


def run(cmd):
    return subprocess.call(cmd, shell=True)  # due


def run_fixed():
    return subprocess.call("make clean", shell=True)  # safe


def scratch():
    return tempfile.mktemp()  # due


def scratch_ok():
    return tempfile.mkstemp()  # safe


def context():
    return ssl._create_unverified_context()  # due


def context_ok():
    return ssl.create_default_context()  # safe


def checksum(data):
    return hashlib.md5(data, usedforsecurity=False).hexdigest()  # safe


def otp():
    return str(random.randint(100000, 999999))  # due


def shuffle_tiles(tiles):
    random.shuffle(tiles)  # safe


def share(path):
    os.chmod(path, 0o777)  # due


def share_ok(path):
    os.chmod(path, 0o640)  # safe

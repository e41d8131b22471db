import ftplib
import hashlib
import os
import random
import ssl
import stat
import string
import tempfile

import requests
from django.conf import settings
from hashids import Hashids

hashids = Hashids(salt=settings.SECRET_KEY, min_length=8)  # due
order_ids = Hashids(salt=settings.HASHIDS_SALT, min_length=8)  # safe


def reset_token(user):
    return hashlib.md5(f"{user.email}{user.id}".encode()).hexdigest()  # due


def avatar_url(user):
    digest = hashlib.md5(user.email.lower().encode()).hexdigest()  # safe
    return f"https://www.gravatar.com/avatar/{digest}"


def cache_key(path, query):
    return hashlib.sha1(f"{path}?{query}".encode()).hexdigest()  # safe


def sign_payload(payload, secret):
    signature = hashlib.sha1((payload + secret).encode()).hexdigest()  # due
    return signature


def send_code(user, sms):
    code = random.randint(100000, 999999)  # due
    sms.send(user.phone, f"Your code is {code}")


def new_password():
    alphabet = string.ascii_letters + string.digits
    password = "".join(random.choice(alphabet) for _ in range(12))  # due
    return password


def retry_delay(attempt):
    return random.uniform(0, 2**attempt)  # safe


def export_csv(rows):
    path = tempfile.mktemp(suffix=".csv")  # due
    with open(path, "w") as fh:
        fh.writelines(rows)
    return path


def export_ok(rows):
    fd, path = tempfile.mkstemp(suffix=".csv")  # safe
    with os.fdopen(fd, "w") as fh:
        fh.writelines(rows)
    return path


def publish(folder):
    os.chmod(folder, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)  # due


def publish_ok(folder):
    os.chmod(folder, 0o750)  # safe


def legacy_context():
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # due


def modern_context():
    return ssl.create_default_context()  # safe


def rates():
    return requests.get("http://api.exchange-partner.com/v1/rates", timeout=10)  # due


def health():
    return requests.get("http://localhost:8000/health", timeout=2)  # safe


def internal_metrics():
    return requests.get("http://metrics:9100/metrics", timeout=2)  # safe


def upload_report(data):
    with ftplib.FTP("ftp.partner-reports.com") as ftp:  # due
        ftp.storbinary("STOR report.csv", data)


def bank_api(session):
    return session.get("https://bank.example.com/api", verify=False)  # due

import os
import pickle
import subprocess
from http.server import BaseHTTPRequestHandler

from aiohttp import web


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        os.system("ls " + self.path)  # due
        self.send_response(200)  # safe

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        obj = pickle.loads(body)  # due
        self.wfile.write(repr(obj).encode())


async def lookup(request: web.Request):
    host = request.query["host"]
    out = subprocess.check_output("dig " + host, shell=True)  # due
    return web.Response(text=out.decode())


async def info(request: web.Request):
    out = subprocess.check_output(["uname", "-a"])  # safe
    return web.Response(text=out.decode())


async def echo(request):
    data = await request.post()
    return web.Response(text="<p>" + data["m"] + "</p>", content_type="text/html")  # due

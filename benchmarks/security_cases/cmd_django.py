import asyncio
import os
import re
import subprocess

from django.http import HttpResponse, JsonResponse


def convert(request):
    src = request.POST["file"]
    os.system("convert " + src + " out.png")  # due
    return HttpResponse("done")


def lookup(request):
    domain = request.GET.get("domain", "")
    domain = re.sub(r"[\n]", "", domain)
    out = subprocess.getoutput("nslookup " + domain)  # due
    return JsonResponse({"out": out})


def archive(request):
    if request.GET.get("all"):
        pattern = "*"
    else:
        pattern = request.GET["pattern"]
    os.system("tar czf out.tgz " + pattern)  # due
    return HttpResponse("ok")


def archive_fixed(request):
    pattern = "*"
    os.system("tar czf out.tgz " + pattern)  # safe
    return HttpResponse("ok")


async def trace(request):
    host = request.GET["host"]
    proc = await asyncio.create_subprocess_shell("traceroute " + host)  # due
    await proc.wait()
    return HttpResponse("ok")


def count(request):
    n = int(request.GET.get("n", "1"))
    os.system(f"seq {n}")  # safe
    return HttpResponse("ok")


def version(request):
    out = subprocess.run(["git", "describe"], capture_output=True, text=True)  # safe
    return HttpResponse(out.stdout)


def ping(request):
    host = request.GET.get("host", "")
    if not host:
        host = "localhost"
        out = subprocess.getoutput("ping -c 1 " + host)  # safe
    else:
        out = subprocess.getoutput("ping -c 1 " + host)  # due
    return HttpResponse(out)

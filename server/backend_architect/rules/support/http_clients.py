"""The outbound HTTP calls the request-data rules know: requests, httpx, urllib."""

from __future__ import annotations

HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})

REQUESTS_CALLS = frozenset(f"requests.{v}" for v in HTTP_VERBS) | frozenset(
    f"requests.api.{v}" for v in HTTP_VERBS
)

HTTPX_CALLS = frozenset(f"httpx.{v}" for v in HTTP_VERBS) | frozenset(
    {"httpx.stream", "httpx.Client", "httpx.AsyncClient"}
)

URLOPEN = frozenset({"urllib.request.urlopen", "urllib2.urlopen"})

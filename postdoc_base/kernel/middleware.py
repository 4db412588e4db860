import re
import uuid
from contextvars import ContextVar

from django.conf import settings

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

# What an incoming X-Request-ID must look like to be kept (it is stored in, and hashed into, the audit chain).
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9-]{8,40}")


def request_id_for(request) -> str:
    """The client's X-Request-ID only when the deployment trusts the header (a proxy sets it) and it is
    well-formed; otherwise a fresh id, so a client cannot choose or forge the id its audit events carry."""
    incoming = request.headers.get("X-Request-ID", "")
    if getattr(settings, "TRUST_REQUEST_ID_HEADER", False) and REQUEST_ID_RE.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id that its audit events carry, so one click can be traced end to end."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id_for(request)
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response

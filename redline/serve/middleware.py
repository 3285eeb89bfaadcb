"""Requests before the views: bodies over the upload limit refused early, API tokens."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, JsonResponse


def error(status: int, message: str) -> JsonResponse:
    """Every API error: `{"error": "one line"}`."""
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="redline"'
    return response


class UploadLimit:
    """A body larger than the upload limit (and room for the form's fields) is refused with 413
    before it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD + 1024 * 1024:
            message = f"the file is larger than {settings.MAX_UPLOAD // (1024 * 1024)} MB"
            if request.path.startswith("/api/"):
                return error(413, message)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class TokenAuth:
    """`Authorization: Bearer TOKEN` on the API signs the request in as the token's user (no
    session, no CSRF: the token is not sent by a browser on its own). A bad token is 401."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.path.startswith("/api/") and header:
            from redline.serve.models import ApiToken

            scheme, _, token = header.partition(" ")
            found = None
            if scheme.lower() == "bearer" and token.strip():
                found = (ApiToken.objects.select_related("user")
                         .filter(digest=ApiToken.digest_of(token.strip())).first())
            if found is None or not found.user.is_active:
                return error(401, "invalid API token")
            request.user = found.user
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)

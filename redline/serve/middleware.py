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


def not_found(request, exception=None):
    """404: on the API, `{"error": ...}` like every other error there."""
    if request.path.startswith("/api/"):
        return error(404, "not found")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    """500: on the API, `{"error": ...}` (never a page, never a traceback)."""
    if request.path.startswith("/api/"):
        return error(500, "internal error (see the server's log)")
    from django.views.defaults import server_error as page

    return page(request)


def csrf_failure(request, reason: str = ""):
    """A request refused by the CSRF check: on the API, a JSON error like every other one;
    elsewhere Django's own page."""
    if request.path.startswith("/api/"):
        return error(403, "CSRF token missing or incorrect (send Authorization: Bearer TOKEN, "
                          "or the csrftoken cookie's value as X-CSRFToken)")
    from django.views.csrf import csrf_failure as page

    return page(request, reason)


class TokenAuth:
    """`Authorization: Bearer TOKEN` on the API signs the request in as the token's user (no
    session, no CSRF: the token is not sent by a browser on its own). A bad token is 401; so
    is an API request with neither a token nor a signed-in session, before the CSRF check
    (which would otherwise answer a POST without credentials with 403)."""

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
        elif request.path.startswith("/api/") and not request.user.is_authenticated:
            return error(401, "sign in or send Authorization: Bearer TOKEN")
        return self.get_response(request)

"""The JSON API under `/api/v1/` (CONTRACTS, "Service"): reading and uploading. A bearer token
or the browser's session; every error is `{"error": "one line"}`."""

from __future__ import annotations

import functools
from datetime import date

from django.http import Http404, JsonResponse

from redline.errors import RedlineError
from redline.serve import authz, serving
from redline.serve.middleware import error
from redline.serve.models import Negotiation, Version
from redline.serve.results import NotReady
from redline.serve.uploads import Refused, add_version


def api(methods: list[str]):
    """An API view: signed in (else 401), errors (405 too) as one line of JSON with their
    status."""
    def deco(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method not in methods:
                response = error(405, f"{request.method}: this address takes "
                                      f"{', '.join(methods)}")
                response["Allow"] = ", ".join(methods)
                return response
            if not request.user.is_authenticated:
                return error(401, "sign in or send Authorization: Bearer TOKEN")
            try:
                return view(request, *args, **kwargs)
            except Http404 as exc:
                return error(404, str(exc) or "not found")
            except Refused as exc:
                return error(exc.status, exc.message)
            except NotReady as exc:
                return error(409 if "still being read" in str(exc) else 422, _line(exc))
            except RedlineError as exc:
                return error(400, _line(exc))
        return wrapped
    return deco


def _line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _last(neg: Negotiation) -> dict | None:
    v = authz.versions(neg).order_by("-date", "-vid").first()
    return {"id": v.vid, "date": v.date.isoformat()} if v else None


def _summary(neg: Negotiation) -> dict:
    return {"slug": neg.slug, "title": neg.title, "conventions": neg.conventions,
            "language": neg.language, "access": neg.access,
            "versions": authz.versions(neg).count(), "last": _last(neg)}


def version_json(v: Version) -> dict:
    return {"id": v.vid, "date": v.date.isoformat(), "label": v.label, "sha256": v.sha256,
            "file_name": v.file_name, "state": v.state, "error": v.error or None,
            "uploaded_by": v.uploaded_by.get_username() if v.uploaded_by else None,
            "uploaded_at": v.uploaded_at.isoformat().replace("+00:00", "Z")}


@api(["GET"])
def negotiations(request):
    return JsonResponse({"negotiations": [_summary(n) for n in authz.visible(request.user)]})


@api(["GET"])
def negotiation(request, slug: str):
    neg = authz.negotiation_for(request.user, slug)
    body = _summary(neg)
    body["versions"] = [version_json(v) for v in authz.versions(neg).select_related(
        "uploaded_by")]
    return JsonResponse(body)


@api(["POST"])
def upload(request, slug: str):
    neg = authz.negotiation_for(request.user, slug)
    if not authz.can_edit(request.user, neg):
        return error(403, "only the secretariat uploads versions")
    f = request.FILES.get("file")
    if f is None:
        return error(400, "file: missing (multipart field 'file')")
    day = request.POST.get("date", "")
    try:
        day = date.fromisoformat(day).isoformat()
    except ValueError:
        return error(400, f"date {day!r}: an ISO date (YYYY-MM-DD)")
    v = add_version(neg, request.user, f, request.POST.get("id", ""), day,
                    request.POST.get("label", ""))
    return JsonResponse(version_json(v), status=201)


@api(["GET"])
def version_file(request, slug: str, vid: str):
    neg = authz.negotiation_for(request.user, slug)
    return serving.stored_file(request, neg, authz.version_for(neg, vid))


def _result(request, slug: str, command: str, vid: str | None = None):
    neg = authz.negotiation_for(request.user, slug)
    fmt = serving.fmt_of(command, request.GET.get("format"))
    data, name = serving.ask(neg, command, request.GET, fmt, vid)
    return serving.respond(data, fmt, name, attachment=False)


@api(["GET"])
def read(request, slug: str, vid: str):
    return _result(request, slug, "read", vid)


@api(["GET"])
def compare(request, slug: str):
    return _result(request, slug, "compare")


@api(["GET"])
def annex(request, slug: str):
    return _result(request, slug, "annex")


@api(["GET"])
def audit(request, slug: str):
    return _result(request, slug, "audit")


@api(["GET"])
def history(request, slug: str):
    return _result(request, slug, "history")

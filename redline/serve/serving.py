"""Results as HTTP responses, shared by the pages and the API: one way to ask for a result,
check its options and serve its bytes (an HTML result always in its own sandbox)."""

from __future__ import annotations

import html
import re
from datetime import date

from django.http import HttpResponse

from redline.errors import RedlineError
from redline.render import FORMATS
from redline.serve import authz, results
from redline.serve.models import Event, Negotiation

DEFAULTS = {"read": "json", "compare": "json", "annex": "md", "audit": "json",
            "history": "json"}
_META_CSP = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


class BadRequest(RedlineError):
    """A bad field of a request (400)."""


def iso_day(value: str, what: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise BadRequest(f"{what} {value!r}: not an ISO date (YYYY-MM-DD)") from None


def fmt_of(command: str, value: str | None) -> str:
    fmt = value or DEFAULTS[command]
    if fmt == "table":
        fmt = "text"
    if fmt not in FORMATS[command]:
        raise BadRequest(f"format {fmt!r}: {command} writes {', '.join(FORMATS[command])}")
    return fmt


def ask(neg: Negotiation, command: str, params, fmt: str, vid: str | None = None
        ) -> tuple[bytes, str]:
    """The result a request asks for (its bytes) and the name to download it under.
    `params` is the query (old, new, delegation, since, from, to); every field is checked."""
    if command == "read":
        v = authz.version_for(neg, vid or params.get("version", ""))
        return results.result(neg, "read", fmt, [v]), \
            results.download_name(neg, "read", fmt, v.vid)
    if command == "compare":
        old, new = params.get("old"), params.get("new")
        if not old or not new:
            raise BadRequest("compare needs old=ID and new=ID")
        rows = [authz.version_for(neg, old), authz.version_for(neg, new)]
        if old == new:
            rows = rows[:1]
        only = tuple(d for d in params.getlist("delegation") if d)
        data = results.result(neg, "compare", fmt, rows, old=old, new=new, only=only)
        return data, results.download_name(neg, "compare", fmt, old, new, *only)
    rows = results.corpus_rows(neg)
    if not rows:
        raise BadRequest(f"{neg.slug} has no readable version yet")
    if command == "annex":
        since, from_, to = params.get("since"), params.get("from"), params.get("to")
        if since and from_:
            raise BadRequest("give either since=DATE or from=ID, not both")
        since = iso_day(since, "since") if since else None
        for vid_ in (from_, to):
            if vid_:  # a version named, not yet read: the comparison waits for it (409)
                results.check_ready(authz.version_for(neg, vid_))
        data = results.result(neg, "annex", fmt, rows, since=since, from_=from_ or None,
                              to=to or None)
        return data, results.download_name(neg, "annex", fmt, since or from_ or "", to or "")
    if command == "audit":
        code = params.get("delegation")
        if not code:
            raise BadRequest("audit needs delegation=CODE")
        data = results.result(neg, "audit", fmt, rows, code=code)
        return data, results.download_name(neg, "audit", fmt, code)
    if command == "history":
        return results.result(neg, "history", fmt, rows), \
            results.download_name(neg, "history", fmt)
    raise BadRequest(f"no such result {command!r}")


def respond(data: bytes, fmt: str, name: str, *, attachment: bool) -> HttpResponse:
    """Bytes as a response of their format. HTML made from a draft runs in a sandbox of its
    own (an opaque origin), under the policy the render stage wrote for it."""
    response = HttpResponse(data, content_type=results.CONTENT_TYPES[fmt])
    if fmt == "html":
        found = _META_CSP.search(data[:8192])
        policy = html.unescape(found.group(1).decode("ascii", "replace")) if found \
            else "default-src 'none'"
        response["Content-Security-Policy"] = (
            f"{policy}; frame-ancestors 'self'; sandbox allow-scripts allow-popups "
            "allow-popups-to-escape-sandbox allow-downloads")
        response["X-Frame-Options"] = "SAMEORIGIN"
    if attachment or fmt in ("xlsx", "pdf", "docx"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file(request, neg: Negotiation, version) -> HttpResponse:
    """A version's file as uploaded: an attachment, never shown inline; the download is
    logged."""
    from redline.serve import store

    log(request, neg, "download", f"{version.vid} file ({version.file_name})")
    response = HttpResponse(store.get(version.sha256), content_type="application/octet-stream")
    safe = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                   for c in version.file_name)
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def log(request, neg: Negotiation, action: str, target: str) -> None:
    Event.objects.create(user=request.user if request.user.is_authenticated else None,
                         negotiation=neg, action=action, target=target[:300])

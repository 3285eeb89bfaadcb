"""The site's pages: home, a negotiation's register, upload, the result pages (the render
stage's HTML in a sandboxed frame, with every download), a version's reading, the log and the
members. Every page reaches its negotiation through `authz.negotiation_for`."""

from __future__ import annotations

import itertools
import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redline.errors import RedlineError
from redline.render import FORMATS
from redline.serve import authz, results, serving
from redline.serve.forms import MemberForm, UploadForm
from redline.serve.models import Event, Membership
from redline.serve.results import NotReady
from redline.serve.uploads import Refused, add_version

TITLES = {"compare": gettext_lazy("Redline"), "annex": gettext_lazy("Annex"),
          "audit": gettext_lazy("Audit"), "history": gettext_lazy("History"),
          "read": gettext_lazy("Reading")}


def _plain(message: str, status: int) -> HttpResponse:
    """A refusal in one line of text (403 for a role, 409 while a version is read, 400)."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _context(request, neg, **extra) -> dict:
    role = authz.role(request.user, neg)
    m = authz.membership(request.user, neg)
    return {"neg": neg, "role": role, "can_edit": role == "secretariat",
            "my_delegation": m.delegation if m and m.role == "delegate" else "", **extra}


@require_GET
@login_required
def home(request):
    rows = []
    for neg in authz.visible(request.user):
        last = authz.versions(neg).order_by("-date", "-vid").first()
        rows.append({"neg": neg, "last": last, "role": authz.role(request.user, neg)})
    return render(request, "site/home.html", {"rows": rows})


def _named(neg) -> list[dict]:
    """The delegations the drafts name (each has an audit), once every version is read."""
    try:
        rows = results.corpus_rows(neg)
        if not rows:
            return []
        return json.loads(results.result(neg, "delegations", "json", rows))["delegations"]
    except RedlineError:
        return []


@require_GET
@login_required
def negotiation(request, slug: str):
    neg = authz.negotiation_for(request.user, slug)
    register = list(authz.versions(neg).select_related("uploaded_by"))
    ready = [v for v in register if v.state == "ready"]
    ordered = sorted(ready, key=lambda v: (v.date, v.vid))
    previous = {v.pk: p.vid for p, v in itertools.pairwise(ordered)}
    for v in register:
        v.previous = previous.get(v.pk)
    ctx = _context(request, neg, register=register, ready=ordered,
                   reading=any(v.state == "reading" for v in register),
                   delegations=_named(neg),
                   last_two=ordered[-2:] if len(ordered) >= 2 else None)
    if ctx["can_edit"]:
        ctx["deleted"] = list(authz.versions(neg, deleted=True))
    return render(request, "site/negotiation.html", ctx)


@require_http_methods(["GET", "POST"])
@login_required
def upload(request, slug: str):
    neg = authz.negotiation_for(request.user, slug)
    if not authz.can_edit(request.user, neg):
        return _plain(_("Only the secretariat uploads versions."), 403)
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            v = add_version(neg, request.user, f, form.cleaned_data["vid"],
                            form.cleaned_data["date"], form.cleaned_data["label"])
        except Refused as exc:
            form.add_error("file" if exc.status in (413, 415, 422) else "vid", exc.message)
            status = exc.status
        else:
            messages.success(request, _("Version %(id)s uploaded.") % {"id": v.vid})
            return redirect("negotiation", slug=neg.slug)
    elif request.method == "POST":
        status = 400
    return render(request, "site/upload.html", _context(request, neg, form=form),
                  status=status)


@require_POST
@login_required
def delete_version(request, slug: str, vid: str):
    return _set_deleted(request, slug, vid, deleted=True)


@require_POST
@login_required
def restore_version(request, slug: str, vid: str):
    return _set_deleted(request, slug, vid, deleted=False)


def _set_deleted(request, slug: str, vid: str, *, deleted: bool):
    neg = authz.negotiation_for(request.user, slug)
    if not authz.can_edit(request.user, neg):
        return _plain(_("Only the secretariat edits the register."), 403)
    v = authz.version_for(neg, vid, deleted=not deleted)
    with transaction.atomic():
        v.deleted_at, v.deleted_by = (timezone.now(), request.user) if deleted else (None, None)
        v.save(update_fields=["deleted_at", "deleted_by"])
        serving.log(request, neg, "delete" if deleted else "restore", v.vid)
    messages.success(request, (_("Version %(id)s deleted (it can be restored).") if deleted
                               else _("Version %(id)s restored.")) % {"id": v.vid})
    return redirect("negotiation", slug=neg.slug)


@require_GET
@login_required
def version_file(request, slug: str, vid: str):
    neg = authz.negotiation_for(request.user, slug)
    return serving.stored_file(request, neg, authz.version_for(neg, vid))


def _query(request, *keep: str) -> dict:
    return {k: request.GET.getlist(k) for k in keep if request.GET.getlist(k)}


PARAMS = {"compare": ("old", "new", "delegation"), "annex": ("since", "from", "to"),
          "audit": ("delegation",), "history": (), "read": ("version",)}


@require_GET
@login_required
def result_page(request, slug: str, command: str):
    """A result inside the site's frame: the render stage's HTML at its own address in a
    sandboxed iframe (or, for a reading, its text), and a download for every format."""
    neg = authz.negotiation_for(request.user, slug)
    query = _query(request, *PARAMS[command])
    ctx = _context(request, neg, command=command, title=TITLES[command],
                   versions=list(authz.versions(neg).filter(state="ready")), query=query,
                   delegations=_named(neg) if command == "audit" else [])
    problem, status = None, 200
    try:
        if command == "read":
            v = authz.version_for(neg, request.GET.get("version", ""))
            ctx["version"] = v
            if v.state == "ready":
                ctx["text"] = serving.ask(neg, "read", request.GET, "text")[0].decode("utf-8")
            elif v.state == "error":
                problem = v.error
            else:
                problem = _("This version is still being read.")
        elif command == "audit" and not request.GET.get("delegation"):
            mine = ctx["my_delegation"]
            if mine:
                return redirect(_url("result", neg.slug, command, {"delegation": mine}))
            problem = _("Choose a delegation.")
        elif command == "compare" and not (request.GET.get("old") and request.GET.get("new")):
            problem = _("Choose two versions.")
        else:
            serving.ask(neg, command, request.GET, "html")  # computed (and cached) now
            ctx["frame"] = _url("report", neg.slug, command, query)
    except NotReady as exc:
        problem, status = str(exc), 409
    except RedlineError as exc:
        problem, status = " ".join(str(exc).split()), 400
    formats = [f for f in FORMATS[command] if not (command == "read" and f == "html")]
    ctx["downloads"] = [(f.upper() if f != "text" else "Text",
                         _url("download", neg.slug, command, {**query, "format": [f]}))
                        for f in formats] if not problem else []
    ctx["problem"] = problem
    if command in ("annex", "audit", "history"):
        ctx["pending"] = results.still_reading(neg)
    return render(request, "site/result.html", ctx, status=status)


def _url(name: str, slug: str, command: str, query: dict) -> str:
    base = reverse(name, kwargs={"slug": slug, "command": command})
    return f"{base}?{urlencode(query, doseq=True)}" if query else base


@require_GET
@login_required
@xframe_options_sameorigin
def report(request, slug: str, command: str):
    """The render stage's HTML for a result, byte for byte, in a sandbox of its own."""
    neg = authz.negotiation_for(request.user, slug)
    if command == "read":
        raise Http404("no HTML reading")
    try:
        data, name = serving.ask(neg, command, request.GET, "html")
    except NotReady as exc:
        return _plain(str(exc), 409)
    except RedlineError as exc:
        return _plain(" ".join(str(exc).split()), 400)
    return serving.respond(data, "html", name, attachment=False)


@require_GET
@login_required
def download(request, slug: str, command: str):
    neg = authz.negotiation_for(request.user, slug)
    try:
        fmt = serving.fmt_of(command, request.GET.get("format"))
        data, name = serving.ask(neg, command, request.GET, fmt)
    except NotReady as exc:
        return _plain(str(exc), 409)
    except RedlineError as exc:
        return _plain(" ".join(str(exc).split()), 400)
    serving.log(request, neg, "download", name)
    return serving.respond(data, fmt, name, attachment=True)


@require_GET
@login_required
def log(request, slug: str):
    neg = authz.negotiation_for(request.user, slug)
    if not authz.can_edit(request.user, neg):
        return _plain(_("Only the secretariat sees the log."), 403)
    events = Event.objects.filter(negotiation=neg).select_related("user")[:500]
    return render(request, "site/log.html", _context(request, neg, events=events))


@require_http_methods(["GET", "POST"])
@login_required
def members(request, slug: str):
    neg = authz.negotiation_for(request.user, slug)
    if not authz.can_edit(request.user, neg):
        return _plain(_("Only the secretariat manages members."), 403)
    form = MemberForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("remove"):
        if not request.POST["remove"].isdigit():
            raise Http404("no such member")
        Membership.objects.filter(negotiation=neg, pk=request.POST["remove"]).delete()
        serving.log(request, neg, "member", f"removed #{request.POST['remove']}")
        return redirect("members", slug=neg.slug)
    if request.method == "POST" and form.is_valid():
        try:
            _add_member(request, neg, form.cleaned_data)
            return redirect("members", slug=neg.slug)
        except RedlineError as exc:
            form.add_error(None, " ".join(str(exc).split()))
            status = 400
    elif request.method == "POST":
        status = 400
    rows = Membership.objects.filter(negotiation=neg).select_related("user").order_by(
        "role", "user__username")
    return render(request, "site/members.html", _context(request, neg, form=form, rows=rows),
                  status=status)


def _add_member(request, neg, data: dict) -> None:
    user = get_user_model().objects.filter(username=data["username"]).first()
    if user is None:
        raise RedlineError(_("No account named %(name)s (a site admin creates accounts).")
                           % {"name": data["username"]})
    code = ""
    if data["role"] == "delegate":
        if not data["delegation"]:
            raise RedlineError(_("A delegate speaks for a delegation: give its code."))
        code = results.canonical_code(neg, data["delegation"])
    Membership.objects.update_or_create(user=user, negotiation=neg,
                                        defaults={"role": data["role"], "delegation": code})
    serving.log(request, neg, "member", f"{user.get_username()} as {data['role']} {code}".strip())
    messages.success(request, _("%(name)s is now a member.") % {"name": user.get_username()})


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")

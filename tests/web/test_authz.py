"""Who may do what, tried on every route of the site: the URLconf is enumerated, each route
is given a concrete URL with real slugs and version ids, and tried with every method it
accepts, as every role that must not (and, as a control, as one that may). A route added to
`urls.py` without a line in `ROUTES` fails `test_every_route_is_covered`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from tests.web.conftest import PASSWORD, upload

READ, EDIT, SIGNED_IN, OPEN, STAFF = "read", "edit", "signed-in", "open", "staff"
OUTSIDERS = ("other_sec", "other_del", "other_obs", "plain")
READERS = ("obs", "usa")
VID = "2015-11"  # a version every reading route names; the one the delete route deletes
DELETED = "2005"  # deleted before each test: the one the restore route restores
QUERY = {"compare": {"old": VID, "new": "2016-01"}, "annex": {"from": "2015-04", "to": "2016-01"},
         "audit": {"delegation": "USA"}, "history": {}, "read": {"version": VID}}
API_QUERY = {"api-read": {"format": "json"}, "api-compare": QUERY["compare"],
             "api-annex": QUERY["annex"], "api-audit": QUERY["audit"], "api-history": {}}


@dataclass(frozen=True)
class Route:
    kind: str  # page (sign-in page on redirect), api (401 JSON), open, admin
    methods: tuple[str, ...]  # every method the view accepts (others are 405)
    rule: str  # READ or EDIT inside a negotiation; SIGNED_IN, OPEN or STAFF outside


ROUTES = {
    "home": Route("page", ("GET",), SIGNED_IN),
    "login": Route("open", ("GET", "POST"), OPEN),
    "logout": Route("open", ("POST",), OPEN),
    "admin": Route("admin", ("GET",), STAFF),
    "healthz": Route("open", ("GET",), OPEN),
    "favicon": Route("open", ("GET",), OPEN),
    "negotiation": Route("page", ("GET",), READ),
    "upload": Route("page", ("GET", "POST"), EDIT),
    "version-file": Route("page", ("GET",), READ),
    "version-delete": Route("page", ("POST",), EDIT),
    "version-restore": Route("page", ("POST",), EDIT),
    "log": Route("page", ("GET",), EDIT),
    "members": Route("page", ("GET", "POST"), EDIT),
    "result": Route("page", ("GET",), READ),
    "report": Route("page", ("GET",), READ),
    "download": Route("page", ("GET",), READ),
    "api-negotiations": Route("api", ("GET",), SIGNED_IN),
    "api-negotiation": Route("api", ("GET",), READ),
    "api-upload": Route("api", ("POST",), EDIT),
    "api-version-file": Route("api", ("GET",), READ),
    "api-read": Route("api", ("GET",), READ),
    "api-compare": Route("api", ("GET",), READ),
    "api-annex": Route("api", ("GET",), READ),
    "api-audit": Route("api", ("GET",), READ),
    "api-history": Route("api", ("GET",), READ),
}


def urlconf() -> dict[str, str]:
    """Every route of the URLconf by name, with its pattern; the admin's include is one
    route, `admin` (its own views are Django's)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    found["admin"] = prefix + str(p.pattern)
                else:
                    walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                found[p.name or f"<unnamed: {prefix}{p.pattern}>"] = prefix + str(p.pattern)
    walk(get_resolver().url_patterns, "")
    return found


def commands() -> list[str]:
    """The results the `<command:...>` routes serve, from the converter itself."""
    from django.urls.converters import get_converters

    return get_converters()["command"].regex.split("|")


def urls(name: str, slug: str = "oas") -> list[str]:
    """Concrete URLs of a route: real slug and version ids, a query each result needs; one
    per result for the `<command>` routes (the report has none for a reading: 404)."""
    pattern = urlconf()[name]
    if name == "admin":
        return ["/admin/"]
    kwargs = {}
    if "<slug:slug>" in pattern:
        kwargs["slug"] = slug
    if "<str:vid>" in pattern:
        kwargs["vid"] = DELETED if name == "version-restore" else VID
    if "<command:command>" in pattern:
        return [_with(reverse(name, kwargs={**kwargs, "command": c}), QUERY[c])
                for c in commands() if not (name == "report" and c == "read")]
    return [_with(reverse(name, kwargs=kwargs), API_QUERY.get(name, {}))]


def _with(path: str, query: dict) -> str:
    return f"{path}?{urlencode(query)}" if query else path


def body(name: str) -> dict:
    """What a POST sends: a request that would change something if it were let through."""
    if name == "upload":
        return {"file": upload("evil.txt", b"1. Planted text.\n"), "vid": "planted",
                "date": "2016-02-01"}
    if name == "api-upload":
        return {"file": upload("evil.txt", b"1. Planted text.\n"), "id": "planted",
                "date": "2016-02-01"}
    if name == "members":
        return {"username": "plain", "role": "secretariat"}
    if name == "login":
        return {"username": "sec", "password": PASSWORD}
    return {}


def state() -> tuple:
    """Everything a request could change: the registers and the memberships."""
    from redline.serve.models import Membership, Version

    return (sorted(Version.objects.values_list("negotiation__slug", "vid", "deleted_at")),
            sorted(Membership.objects.values_list("user__username", "negotiation__slug",
                                                  "role", "delegation")))


def session(who: str) -> Client:
    c = Client()
    response = c.post("/accounts/login/", {"username": who, "password": PASSWORD})
    assert response.status_code == 302, (who, response.status_code)
    return c


def call(c: Client, method: str, name: str, url: str, **extra):
    if method == "GET":
        return c.get(url, **extra)
    return c.post(url, body(name), **extra)


def is_error_json(response) -> bool:
    try:
        return list(response.json()) == ["error"] and isinstance(response.json()["error"], str)
    except ValueError:
        return False


@pytest.fixture
def oas(site):
    """The `site`, with version 2005 of `oas` deleted (the restore route's target)."""
    from django.utils import timezone

    from redline.serve.models import Version

    Version.objects.filter(negotiation__slug="oas", vid=DELETED).update(
        deleted_at=timezone.now())
    return site


def test_every_route_is_covered():
    found = urlconf()
    assert set(found) == set(ROUTES), "routes without a line in ROUTES (or gone from urls.py)"
    for name, pattern in found.items():
        under = "<slug:slug>" in pattern
        assert (ROUTES[name].rule in (READ, EDIT)) == under, name
        assert (ROUTES[name].kind == "api") == pattern.startswith("api/"), name


def test_every_route_refuses_the_methods_it_does_not_accept(oas):
    """GET never changes anything: a route that changes state takes POST only."""
    c, before, wrong = session("sec"), state(), []
    for name, route in ROUTES.items():
        if route.kind == "admin":
            continue
        for method in {"GET", "POST"} - set(route.methods):
            for url in urls(name):
                r = call(c, method, name, url)
                if r.status_code != 405 or (route.kind == "api" and not is_error_json(r)):
                    wrong.append((method, url, r.status_code))
    assert wrong == []
    assert state() == before


def test_anonymous_visitors_are_sent_to_sign_in_or_get_401(oas):
    c, before, wrong = Client(), state(), []
    for name, route in ROUTES.items():
        if route.kind == "open":  # sign-in, sign-out, health: below
            continue
        for method in route.methods:
            for url in urls(name):
                r = call(c, method, name, url)
                if route.kind == "api":
                    ok = r.status_code == 401 and is_error_json(r) \
                        and r["WWW-Authenticate"].startswith("Bearer")
                elif route.kind == "page":
                    target = urlsplit(r.get("Location", ""))
                    ok = r.status_code == 302 and target.path == "/accounts/login/" \
                        and parse_qs(target.query).get("next") == [url]
                else:
                    ok = r.status_code == 302 \
                        and r["Location"] == "/admin/login/?next=/admin/"
                if not ok:
                    wrong.append((method, url, r.status_code, r.get("Location")))
    assert wrong == []
    assert state() == before
    assert c.get("/healthz").status_code == 200
    assert c.get("/accounts/login/").status_code == 200
    assert c.post("/accounts/logout/").status_code == 302
    assert c.post("/accounts/login/", body("login")).status_code == 302  # the control
    assert c.get("/n/oas/").status_code == 200


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_restricted_negotiation_does_not_exist_for_outsiders(oas, who):
    """Every route under `oas`, every method, with a session and (API) with a token: 404,
    never 403 (existence does not leak) and never 200."""
    by_session, before, wrong = session(who), state(), []
    by_token = Client()
    for name, route in ROUTES.items():
        if route.rule not in (READ, EDIT):
            continue
        for method in route.methods:
            for url in urls(name):
                r = call(by_session, method, name, url)
                if r.status_code != 404 or (route.kind == "api" and not is_error_json(r)):
                    wrong.append(("session", method, url, r.status_code))
                if route.kind == "api":
                    r = call(by_token, method, name, url, **oas.bearer(who))
                    if r.status_code != 404 or not is_error_json(r):
                        wrong.append(("token", method, url, r.status_code))
    assert wrong == []
    assert state() == before
    listed = by_session.get("/api/v1/negotiations").json()["negotiations"]
    assert "oas" not in [n["slug"] for n in listed]
    assert b"OAS Program" not in by_session.get("/").content


@pytest.mark.parametrize("who", READERS)
def test_observers_and_delegates_read_but_never_edit(oas, who):
    by_session, before, wrong = session(who), state(), []
    by_token = Client()
    for name, route in ROUTES.items():
        if route.rule not in (READ, EDIT):
            continue
        want = 200 if route.rule == READ else 403
        for method in route.methods:
            for url in urls(name):
                tries = [("session", call(by_session, method, name, url))]
                if route.kind == "api":
                    tries.append(("token", call(by_token, method, name, url,
                                                **oas.bearer(who))))
                for how, r in tries:
                    if r.status_code != want or (
                            route.kind == "api" and want != 200 and not is_error_json(r)):
                        wrong.append((how, method, url, r.status_code))
    assert wrong == []
    assert state() == before


def test_the_secretariat_and_site_admins_may_do_all_of_it(oas):
    """The control: the URLs the other tests try are real ones, which work for those who may
    use them (so a 404 or 403 above is the rule, not a wrong URL)."""
    from redline.serve.models import Membership, Version

    for who in ("sec", "admin"):
        c, wrong = session(who), []
        for name, route in ROUTES.items():
            if route.rule == READ or (route.rule == EDIT and "GET" in route.methods):
                wrong += [(who, url, s) for url in urls(name)
                          if (s := c.get(url).status_code) != 200]
        assert wrong == []
    c = session("sec")
    assert c.post(urls("version-delete")[0]).status_code == 302
    assert c.post(urls("version-restore")[0]).status_code == 302
    live = set(Version.objects.filter(negotiation__slug="oas", deleted_at__isnull=True)
               .values_list("vid", flat=True))
    assert VID not in live and DELETED in live
    assert c.post(urls("upload")[0], body("upload")).status_code == 302
    assert Client().post(urls("api-upload")[0], body("api-upload") | {"id": "planted-2"},
                         **oas.bearer("sec")).status_code == 201
    assert c.post(urls("members")[0], body("members")).status_code == 302
    assert Membership.objects.get(user__username="plain", negotiation__slug="oas").role \
        == "secretariat"


def test_an_open_negotiation_is_read_by_every_account_and_edited_by_its_secretariat(site):
    c = session("plain")
    assert c.get("/n/public/").status_code == 200
    assert c.get("/api/v1/negotiations/public/versions/a/read").status_code == 200
    assert c.get("/n/public/upload/").status_code == 403
    assert c.post("/n/public/v/a/delete").status_code == 403
    assert c.get("/n/public/log/").status_code == 403
    r = Client().post("/api/v1/negotiations/public/versions",
                      {"file": upload("x.txt", b"1. X.\n"), "id": "x", "date": "2016-02-01"},
                      **site.bearer("plain"))
    assert r.status_code == 403 and is_error_json(r)


def test_the_admin_sends_every_account_but_staff_to_its_sign_in(site):
    for who in ("sec", "usa", "obs", "plain", "other_sec"):
        r = session(who).get("/admin/")
        assert r.status_code == 302 and r["Location"] == "/admin/login/?next=/admin/", who
    assert session("admin").get("/admin/").status_code == 200


def test_a_token_signs_in_the_api_only(site):
    """A bearer token is not a session: on a page it signs nobody in."""
    c = Client()
    r = c.get("/n/oas/", **site.bearer("sec"))
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert c.get("/api/v1/negotiations/oas", **site.bearer("sec")).status_code == 200
    r = c.get("/api/v1/negotiations/oas", HTTP_AUTHORIZATION="Bearer " + "x" * 43)
    assert r.status_code == 401 and is_error_json(r)


def test_an_inactive_account_is_signed_out_everywhere(site):
    from django.contrib.auth import get_user_model

    c = session("sec")
    get_user_model().objects.filter(username="sec").update(is_active=False)
    assert c.get("/n/oas/").status_code == 302
    assert c.get("/api/v1/negotiations/oas").status_code == 401
    assert Client().get("/api/v1/negotiations/oas", **site.bearer("sec")).status_code == 401


def test_a_deleted_version_is_404_for_readers(oas):
    c, api = session("obs"), "/api/v1/negotiations/oas"
    for url in (f"/n/oas/v/{DELETED}/file", f"/n/oas/read/?version={DELETED}",
                f"/n/oas/compare/?old={DELETED}&new=2016-01",
                f"/n/oas/compare/report?old={DELETED}&new=2016-01",
                f"/n/oas/compare/download?old={DELETED}&new=2016-01",
                f"{api}/versions/{DELETED}/file", f"{api}/versions/{DELETED}/read",
                f"{api}/compare?old={DELETED}&new=2016-01",
                f"{api}/annex?from={DELETED}&to=2016-01"):
        assert c.get(url).status_code == 404, url
    assert DELETED not in [v["id"] for v in c.get(api).json()["versions"]]
    assert f'v/{DELETED}/' not in c.get("/n/oas/").content.decode()
    # the secretariat sees it only among the deleted versions, to restore it
    page = session("sec").get("/n/oas/").content.decode()
    assert f"/n/oas/v/{DELETED}/restore" in page and f"/n/oas/v/{DELETED}/file" not in page


def test_an_api_error_is_always_json(site):
    """Every error of the API is `{"error": ...}`: an unknown address as well."""
    c = session("obs")
    for url in ("/api/v1/negotiations/oas/nope", "/api/v1/nothing", "/api/v1/negotiations/"):
        r = c.get(url)
        assert r.status_code == 404 and is_error_json(r), url
    assert c.get("/n/oas/nope/").status_code == 404


def test_an_api_failure_is_json_without_a_traceback(site, monkeypatch):
    from redline.serve import authz

    def broken(user):
        raise RuntimeError("secret detail of a bug")
    monkeypatch.setattr(authz, "visible", broken)
    c = Client(raise_request_exception=False)
    r = c.get("/api/v1/negotiations", **site.bearer("obs"))
    assert r.status_code == 500 and is_error_json(r)
    assert b"secret detail" not in r.content and b"Traceback" not in r.content


def test_a_negotiation_that_does_not_exist_and_one_not_visible_look_the_same(site):
    c = session("plain")
    hidden, missing = c.get("/api/v1/negotiations/oas"), c.get("/api/v1/negotiations/none")
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)
    hidden, missing = c.get("/n/oas/"), c.get("/n/none/")
    assert (hidden.status_code, hidden.content) == (missing.status_code, missing.content)


def test_the_secretariat_of_one_negotiation_acts_on_its_own_objects_only(site):
    """The same version id in two negotiations, a membership's number from another one: a
    secretariat's request reaches only its own negotiation's rows."""
    from redline.serve.models import Membership

    c, before = session("other_sec"), state()
    theirs = Membership.objects.get(user__username="usa", negotiation__slug="oas")
    assert c.post("/n/other/members/", {"remove": str(theirs.pk)}).status_code == 302
    assert c.post("/n/other/members/", {"remove": "not-a-number"}).status_code == 404
    assert state() == before
    assert c.post("/n/other/v/a/delete").status_code == 302
    from redline.serve.models import Version

    assert Version.objects.get(negotiation__slug="other", vid="a").deleted_at is not None
    assert Version.objects.get(negotiation__slug="public", vid="a").deleted_at is None
    assert c.post("/n/public/v/b/delete").status_code == 403  # open, but not theirs to edit


def test_a_delegates_register_links_its_own_audit(site):
    page = session("usa").get("/n/oas/").content.decode()
    assert 'href="/n/oas/audit/?delegation=USA"' in page
    assert "Our audit (USA)" in page
    assert "Our audit" not in session("obs").get("/n/oas/").content.decode()
    r = session("usa").get("/n/oas/audit/")
    assert r.status_code == 302 and r["Location"] == "/n/oas/audit/?delegation=USA"


def test_the_log_records_who_did_what(site):
    from redline.serve.models import Event

    c = session("sec")
    assert c.post("/n/oas/upload/", {"file": upload("x.txt", b"1. X.\n"), "vid": "x",
                                     "date": "2016-02-01"}).status_code == 302
    assert c.post("/n/oas/v/x/delete").status_code == 302
    assert c.post("/n/oas/v/x/restore").status_code == 302
    assert c.post("/n/oas/members/", {"username": "plain", "role": "observer"}).status_code \
        == 302
    assert session("obs").get("/n/oas/v/2016-01/file").status_code == 200
    got = list(Event.objects.filter(negotiation__slug="oas").order_by("id")
               .values_list("user__username", "action"))
    assert got[-5:] == [("sec", "upload"), ("sec", "delete"), ("sec", "restore"),
                        ("sec", "member"), ("obs", "download")]
    page = c.get("/n/oas/log/").content.decode()
    assert "restore" in page and "obs" in page
    # not even a site admin edits or deletes it
    admin, event = session("admin"), Event.objects.order_by("id").last()
    assert admin.get(f"/admin/redline/event/{event.pk}/change/").status_code == 200
    assert admin.get(f"/admin/redline/event/{event.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/redline/event/{event.pk}/delete/",
                      {"post": "yes"}).status_code == 403
    assert admin.post("/admin/redline/event/", {"action": "delete_selected",
                                               "_selected_action": [event.pk],
                                               "post": "yes"}).status_code in (200, 302)
    assert admin.post(f"/admin/redline/event/{event.pk}/change/",
                      {"action": "x", "target": "y"}).status_code == 403
    assert Event.objects.filter(pk=event.pk, action="download").exists()

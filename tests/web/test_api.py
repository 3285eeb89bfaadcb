"""The JSON API gives what the command line gives, and refuses as CONTRACTS says."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from redline.cli import main
from tests.conftest import REVISIONS
from tests.web.conftest import upload

API = "/api/v1/negotiations"


def _cli(*args: str) -> bytes:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _no_paths(data: bytes) -> dict:
    """The JSON with file paths reduced to file names (the site stores no folders)."""
    def walk(x):
        if isinstance(x, dict):
            return {k: (v.rsplit("/", 1)[-1] if k in ("path", "file") and isinstance(v, str)
                        else walk(v)) for k, v in x.items()}
        if isinstance(x, list):
            return [walk(v) for v in x]
        return x
    return walk(json.loads(data))


def test_negotiations_lists_only_what_the_caller_may_see(site, client):
    body = client.get(API, **site.bearer("usa")).json()
    assert [n["slug"] for n in body["negotiations"]] == ["oas", "public"]
    oas = body["negotiations"][0]
    assert oas == {"slug": "oas", "title": "OAS Program", "conventions": "oas",
                   "language": "en", "access": "restricted", "versions": 4,
                   "last": {"id": "2016-01", "date": "2016-01-21"}}


def test_negotiation_lists_its_register_newest_first(site, client):
    body = client.get(f"{API}/oas", **site.bearer("obs")).json()
    ids = [v["id"] for v in body["versions"]]
    assert ids == ["2016-01", "2015-11", "2015-04", "2005"]
    first = body["versions"][0]
    assert first["state"] == "ready" and len(first["sha256"]) == 64
    assert first["file_name"] == "2016-01.txt"


def test_compare_json_equals_the_command_line(site, client):
    response = client.get(f"{API}/oas/compare?old=2015-11&new=2016-01", **site.bearer("usa"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    cli = _cli("compare", "2015-11", "2016-01", "--corpus", str(REVISIONS), "--format", "json")
    assert _no_paths(response.content) == _no_paths(cli)


@pytest.mark.parametrize(("url", "args"), [
    ("annex?from=2015-04&to=2016-01&format=md",
     ["annex", str(REVISIONS), "--from", "2015-04", "--to", "2016-01"]),
    ("audit?delegation=VEN",
     ["audit", str(REVISIONS), "--delegation", "VEN", "--format", "json"]),
    ("history?format=csv", ["history", str(REVISIONS), "--format", "csv"]),
    ("versions/2015-11/read?format=text", ["read", str(REVISIONS / "2015-11.txt")]),
])
def test_results_equal_the_command_line(site, client, url, args):
    response = client.get(f"{API}/oas/{url}", **site.bearer("obs"))
    assert response.status_code == 200, response.content[:300]
    cli = _cli(*args)
    if url.startswith("audit") or "read" in url:
        got, want = response.content, cli
        if url.startswith("audit"):
            got, want = _no_paths(got), _no_paths(want)
        else:  # the reading names the file: here by its name, there by its path
            want = want.replace(f"{REVISIONS}/".encode(), b"")
        assert got == want
    else:
        assert response.content == cli


def test_compare_filtered_to_one_delegation(site, client):
    response = client.get(f"{API}/oas/compare?old=2015-11&new=2016-01&delegation=USA",
                          **site.bearer("usa"))
    body = response.json()
    assert body["only_delegations"] == ["USA"]
    assert all("USA" in c["delegations"] for p in body["paragraphs"]
               for c in p.get("changes", []))


def test_upload_then_compare(site, client):
    files = {"file": upload("2016-02.txt", (REVISIONS / "2016-01.txt").read_bytes()
                            + b"\nA new closing paragraph. (Proposed by USA- 2-1-2016)\n")}
    response = client.post(f"{API}/oas/versions", {**files, "id": "2016-02",
                                                   "date": "2016-02-01", "label": "Feb"},
                           **site.bearer("sec"))
    assert response.status_code == 201, response.content
    assert response.json()["state"] in ("reading", "ready")
    body = client.get(f"{API}/oas/compare?old=2016-01&new=2016-02",
                      **site.bearer("sec")).json()
    inserted = [p for p in body["paragraphs"] if p["status"] == "inserted"]
    assert len(inserted) == 1 and inserted[0]["delegations"] == ["USA"]


@pytest.mark.parametrize(("fields", "status"), [
    ({"id": "2015-11", "date": "2016-02-01"}, 409),
    ({"id": "x", "date": "7/12/2016"}, 400),
    ({"id": "x", "date": "2016-02-30"}, 400),
    ({"id": "../x", "date": "2016-02-01"}, 400),
])
def test_upload_refusals(site, client, fields, status):
    files = {"file": upload("d.txt", b"1. Text.\n")}
    response = client.post(f"{API}/oas/versions", {**files, **fields}, **site.bearer("sec"))
    assert response.status_code == status
    assert set(response.json()) == {"error"}


@pytest.mark.parametrize(("name", "data", "status"), [
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, 415),
    ("draft.docx", b"plain text pretending", 422),
    ("draft.pdf", b"not a pdf at all", 422),
    ("draft.odt", b"1. Text renamed.\n", 422),  # mislabelled: not an OpenDocument file
    ("empty.txt", b"", 422),
])
def test_upload_of_no_readable_type(site, client, name, data, status):
    response = client.post(f"{API}/oas/versions",
                           {"file": upload(name, data), "id": "bad", "date": "2016-02-01"},
                           **site.bearer("sec"))
    assert response.status_code == status, response.content
    assert list(response.json()) == ["error"]
    assert client.get(f"{API}/oas", **site.bearer("sec")).json()["versions"][0]["id"] \
        == "2016-01"


def test_compare_with_a_version_still_reading_is_409(site, client):
    from redline.serve.models import Version

    Version.objects.filter(negotiation__slug="oas", vid="2016-01").update(state="reading")
    response = client.get(f"{API}/oas/compare?old=2015-11&new=2016-01", **site.bearer("sec"))
    assert response.status_code == 409
    assert "still being read" in response.json()["error"]


def test_delegates_and_observers_cannot_upload(site, client):
    for who in ("usa", "obs"):
        response = client.post(f"{API}/oas/versions",
                               {"file": upload("d.txt", b"1. T.\n"), "id": "n",
                                "date": "2016-02-01"},
                               **site.bearer(who))
        assert response.status_code == 403


def test_bad_format_and_bad_token(site, client):
    assert client.get(f"{API}/oas/history?format=docx", **site.bearer("obs")).status_code == 400
    response = client.get(API, HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401 and response.json() == {"error": "invalid API token"}
    assert client.get(API).status_code == 401


def test_corpus_results_use_the_versions_already_read(site, client):
    """A version still being read is not in the annex, audit or history yet (they answer at
    once over the others); naming it in a request waits for it (409)."""
    from redline.serve.models import Version

    before = client.get(f"{API}/oas/history", **site.bearer("obs")).content
    Version.objects.filter(negotiation__slug="oas", vid="2016-01").update(state="reading")
    history = client.get(f"{API}/oas/history", **site.bearer("obs"))
    assert history.status_code == 200 and history.content != before
    assert "2016-01" not in [v["id"] for v in history.json()["versions"]]
    assert client.get(f"{API}/oas/annex?from=2015-11&to=2016-01",
                      **site.bearer("obs")).status_code == 409
    assert client.get(f"{API}/oas/audit?delegation=USA",
                      **site.bearer("obs")).status_code == 200

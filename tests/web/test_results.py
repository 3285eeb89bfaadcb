"""Results are computed once, served many times, and computed again when redline changes."""

from __future__ import annotations

from pathlib import Path

API = "/api/v1/negotiations/oas/compare?old=2015-11&new=2016-01"


def _cached(settings) -> set[Path]:
    return {p for p in (Path(settings.DATA) / "cache").rglob("*") if p.is_file()}


def test_a_comparison_is_cached_by_content_and_code(site, client, settings, monkeypatch):
    from redline.jobs import shipping
    from redline.serve import results

    first = client.get(API, **site.bearer("sec")).content
    before = _cached(settings)
    calls = []
    real = results.outputs.compare_output
    monkeypatch.setattr(results.outputs, "compare_output",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    assert client.get(API, **site.bearer("usa")).content == first
    assert calls == [] and _cached(settings) == before  # served, not computed
    monkeypatch.setattr(shipping, "code_digest", lambda: "another release of redline")
    assert client.get(API, **site.bearer("usa")).content == first
    assert calls == [1] and len(_cached(settings) - before) == 1  # computed again


def test_a_new_upload_with_the_same_bytes_shares_the_stored_file(site, settings):
    from redline.serve.models import Version

    a = Version.objects.get(negotiation__slug="other", vid="a")
    b = Version.objects.get(negotiation__slug="public", vid="a")
    assert a.sha256 == b.sha256
    stored = Path(settings.DATA) / "files" / a.sha256[:2] / a.sha256
    assert stored.read_bytes().startswith(b"1. The Parties shall cooperate.")

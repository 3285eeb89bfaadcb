"""A delegation's audit lists where it opposed or reserved, and what its groups proposed."""

import json

from click.testing import CliRunner

from redline.cli import main

V1 = """1. Each Party [AU propose; NZ oppose: shall endeavour to] publish its measures.

2. Each Party [G77 propose: shall take into account the needs of developing country Parties].

3. Each Party shall notify. [Freedonia wishes the following reservation to be recorded: none.]
"""
V2 = """1. Each Party publishes its measures.

2. Each Party shall take into account the needs of developing country Parties.

3. Each Party shall notify.
"""


def corpus(tmp_path):
    (tmp_path / "v1.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "v2.txt").write_text(V2, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        'conventions = "trade"\n\n'
        '[[version]]\nid = "v1"\nfile = "v1.txt"\ndate = "2015-06-01"\n\n'
        '[[version]]\nid = "v2"\nfile = "v2.txt"\ndate = "2015-12-01"\n', encoding="utf-8")
    return tmp_path


def audit(folder, code: str) -> dict:
    r = CliRunner().invoke(main, ["audit", str(folder), "--delegation", code],
                           standalone_mode=False, catch_exceptions=False)
    return json.loads(r.output)


def test_an_opposition_that_prevailed(tmp_path):
    body = audit(corpus(tmp_path), "NZ")
    assert body["proposals"] == []
    (o,) = body["objections"]
    assert (o["stance"], o["text"], o["fate"]) == ("oppose", "shall endeavour to", "prevailed")
    assert o["address"] == "1"


def test_the_proposer_of_the_opposed_words_sees_them_dropped(tmp_path):
    body = audit(corpus(tmp_path), "AUS")
    (p,) = body["proposals"]
    assert (p["proposed_text"], p["fate"]) == ("shall endeavour to", "dropped")
    assert body["objections"] == []


def test_a_group_proposal_is_shown_via_the_group(tmp_path):
    (p,) = audit(corpus(tmp_path), "BRA")["proposals"]
    assert p["via"] == "G77"
    assert p["proposed_text"].startswith("shall take into account")

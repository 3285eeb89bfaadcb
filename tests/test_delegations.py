"""The delegation lists: bundled `oas` and `un`, aliases in four languages, dated groups."""

from __future__ import annotations

import re
import time

import pytest

from redline.annotate.delegations import Group, Membership, Registry, load
from redline.errors import RedlineError


@pytest.fixture(scope="module")
def un() -> Registry:
    return load("un")


def test_bundled_lists_load_and_are_cached():
    assert load() is load("oas") is load(None)
    assert load("un") is load("un")
    assert load("oas").source == "redline/annotate/data/oas.toml"
    assert load("un").body == "United Nations"


def test_unknown_bundled_name_is_a_one_line_error(tmp_path):
    with pytest.raises(RedlineError) as err:
        load("wto")
    assert str(err.value) == "wto: no such delegations file or bundled list (oas, un)"
    with pytest.raises(RedlineError, match="no such delegations file"):
        load(tmp_path / "missing.toml")


def test_oas_keeps_its_two_letter_codes():
    oas = load("oas")
    assert oas.lookup("US") == "USA" and oas.lookup("PY") == "PRY" and oas.lookup("CR") == "CRI"
    assert oas.lookup("US", short=False) == "USA"  # OAS codes are not short-only
    assert oas.lookup("CHAIR - CAM") == "CHAIR" and oas.lookup("IM") is None
    assert oas.alias_pattern == oas.alias_pattern_for(True) == oas.alias_pattern_for(False)
    assert oas.groups == {}


def test_un_has_every_member_state_and_the_observers(un):
    states = [c for c in un.names if c not in un.groups and c != "CHAIR"]
    assert len(states) >= 195
    assert {"VAT", "PSE", "USA", "CHN", "SSD", "TUV"} <= set(states)
    assert un.name("VAT") == "Holy See" and un.name("PSE") == "State of Palestine"


@pytest.mark.parametrize(("alias", "code"), [
    ("États-Unis", "USA"), ("Estados Unidos", "USA"), ("EE.UU.", "USA"), ("U.S.", "USA"),
    ("United States of America", "USA"), ("Estados Unidos da América", "USA"),
    ("united   states", "USA"), ("UK", "GBR"), ("Royaume-Uni", "GBR"), ("Reino Unido", "GBR"),
    ("Russia", "RUS"), ("Russian Federation", "RUS"), ("Allemagne", "DEU"), ("Alemanha", "DEU"),
    ("Côte d’Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Republic of Korea", "KOR"),
    ("DPRK", "PRK"), ("Bolivia (Plurinational State of)", "BOL"), ("Türkiye", "TUR"),
    ("Turkey", "TUR"), ("Holy See", "VAT"), ("Santa Sede", "VAT"), ("Palestine", "PSE"),
    ("St. Lucia", "LCA"), ("Présidence", "CHAIR"), ("Co-Chairs", "CHAIR"),
])
def test_names_in_four_languages_resolve(un, alias, code):
    assert un.lookup(alias) == code


def test_ambiguous_short_forms_are_not_aliases(un):
    assert un.lookup("Congo") == "COG" and un.lookup("DRC") == "COD"
    assert un.lookup("Korea") is None and un.lookup("Corea") is None


def test_short_codes_match_only_when_allowed(un):
    assert un.lookup("US") == "USA" and un.lookup("IN") == "IND"
    assert un.lookup("US", short=False) is None and un.lookup("IN", short=False) is None
    assert un.lookup("USA", short=False) == "USA"
    everything = re.compile(rf"^(?:{un.alias_pattern})$")
    long_only = re.compile(rf"^(?:{un.alias_pattern_for(False)})$")
    assert un.alias_pattern == un.alias_pattern_for(True)
    assert everything.match("US") and not long_only.match("US")
    assert long_only.match("USA") and long_only.match("EE.UU.")


def test_groups_are_delegations(un):
    assert un.lookup("G77") == "G77" and un.name("G77") == "Group of 77 and China"
    for alias in ("G-77", "G77/China", "G-77 and China"):
        assert un.lookup(alias) == "G77"
    assert un.lookup("European Union") == "EU" and un.lookup("Unión Europea") == "EU"
    assert un.lookup("GRUPOSUR") == "GRUPOSUR" and un.lookup("SUR") == "SUR"
    assert isinstance(un.groups["EU"], Group) and un.groups["EU"].source
    assert all(isinstance(m, Membership) for m in un.groups["EU"].members)
    assert set(un.members("BASIC")) == {"BRA", "ZAF", "IND", "CHN"}
    assert set(un.members("GRUPOSUR")) == {"ARG", "BRA", "PRY", "URY"}


def test_eu_membership_is_dated(un):
    assert "GBR" in un.members("EU", on="2019-06-01")
    assert "GBR" in un.members("EU", on="2020-01-31")  # until is inclusive
    assert "GBR" not in un.members("EU", on="2021-01-01")
    assert len(un.members("EU")) == 27 and "GBR" not in un.members("EU")
    assert "HRV" not in un.members("EU", on="2013-06-30")
    assert "HRV" in un.members("EU", on="2013-07-01")
    assert len(un.members("EU", on="2019-06-01")) == 28
    assert un.groups_of("GBR", on="2019-06-01") == ("EU",)


def test_groups_of_a_delegation_on_a_date(un):
    on_paris = un.groups_of("BRA", on="2015-12-01")
    assert "G77" in on_paris and "BASIC" in on_paris
    assert "BASIC" not in un.groups_of("BRA", on="2009-01-01")
    assert un.groups_of("Brasil") == un.groups_of("BRA")
    assert "AOSIS" in un.groups_of("COK") and "UMBRELLA" not in un.groups_of("RUS")
    assert "UMBRELLA" in un.groups_of("RUS", on="2015-12-01")


def test_ldc_graduation_is_respected(un):
    assert len(un.members("LDC")) == 44
    assert "BTN" in un.members("LDC", on="2023-01-01")
    assert "BTN" not in un.members("LDC", on="2024-01-01")
    assert "STP" in un.members("LDC", on="2024-01-01")
    assert "STP" not in un.members("LDC", on="2025-01-01")
    assert "VUT" not in un.members("LDC") and "CPV" in un.members("LDC", on="2007-01-01")
    assert "LDC" not in un.groups_of("MDV", on="2012-01-01")


def test_members_refuses_a_non_group_and_a_bad_date(un):
    with pytest.raises(RedlineError, match="not a group"):
        un.members("USA")
    with pytest.raises(RedlineError, match="not an ISO date"):
        un.members("EU", on="1/2/2020")
    assert un.members("Group of 77") == un.members("G77")


BASE = '[[delegation]]\ncode = "DEU"\nname = "Germany"\n[[delegation]]\ncode = "FRA"\n'


@pytest.mark.parametrize(("group", "says"), [
    ('[[group]]\ncode = "X"\n[[group.member]]\ncode = "DEU"\nsince = "2020-13-01"\n',
     "not an ISO date"),
    ('[[group]]\ncode = "X"\n[[group.member]]\ncode = "DEU"\nuntil = "01/02/2020"\n',
     "not an ISO date"),
    ('[[group]]\ncode = "X"\n[[group.member]]\ncode = "ITA"\n', "'ITA' is not a delegation"),
    ('[[group]]\ncode = "X"\n[[group.member]]\nsince = "2020-01-01"\n', "None is not a delegat"),
    ('[[group]]\ncode = "X"\n[[group.member]]\ncode = "DEU"\nsince = "2020-01-01"\n'
     'until = "2019-01-01"\n', "before since"),
    ('[[group]]\ncode = "DEU"\n', "code already used"),
    ('[[group]]\nname = "Nameless"\n', "group 1 has no code"),
    ('[[group]]\ncode = "X"\nmember = 3\n', "[[group.member]] tables"),
    ('[[group]]\ncode = "X"\nsource = 4\n', "source must be text"),
    ('[[group]]\ncode = "X"\n[[group.member]]\ncode = "DEU"\nform = "x"\n', "unknown key"),
    ("group = 1\n", "[[group]] tables"),
])
def test_a_malformed_group_table_is_a_one_line_error(tmp_path, group, says):
    f = tmp_path / "d.toml"
    f.write_text(BASE + group if group.startswith("[[") else group + BASE, encoding="utf-8")
    with pytest.raises(RedlineError) as err:
        load(f)
    assert says in str(err.value) and "\n" not in str(err.value)
    assert str(err.value).startswith(str(f))


def test_a_group_file_with_toml_dates_and_short_codes(tmp_path):
    f = tmp_path / "d.toml"
    f.write_text(BASE + 'short_codes = ["FR"]\n'
                 '[[group]]\ncode = "FG"\nname = "Franco-German"\ncodes = ["F-G"]\n'
                 'source = "a treaty"\n'
                 "[[group.member]]\ncode = \"DEU\"\nsince = 1963-01-22\n"
                 "[[group.member]]\ncode = \"FRA\"\nsince = 1963-01-22\nuntil = 1999-12-31\n"
                 "[[group.member]]\ncode = \"FRA\"\nsince = 2001-01-01\n", encoding="utf-8")
    reg = load(f)
    assert reg.lookup("FR") == "FRA" and reg.lookup("FR", short=False) is None
    assert reg.lookup("F-G") == "FG" and reg.name("FG") == "Franco-German"
    assert reg.members("FG", on="2000-06-01") == ("DEU",)
    assert reg.members("FG") == ("DEU", "FRA") == reg.members("FG", on="2020-01-01")
    assert reg.groups["FG"].members[1] == Membership("FRA", "1963-01-22", "1999-12-31")


def test_the_alias_pattern_stays_fast_with_thousands_of_aliases(un):
    assert len(un.code_aliases) + len(un.name_aliases) > 2000
    start = time.perf_counter()
    rx = re.compile(un.alias_pattern)
    text = ("The Parties, including Brazil, the United States and the Group of 77 and China, "
            "recall decision 1/CP.21 and invite the secretariat to report. ") * 1500
    found = sum(1 for _ in rx.finditer(text))
    assert time.perf_counter() - start < 5  # a flat alternation takes about 2 s for this
    assert found >= 3 * 1500


def test_the_trie_pattern_prefers_the_longest_alias(un):
    rx = re.compile(rf"(?<![A-Za-z])(?:{un.alias_pattern})(?![A-Za-z])")
    got = [m.group(0) for m in rx.finditer("USA, U.S.A., the United States of America, "
                                           "Estados Unidos da América and GRUPO  SUR")]
    assert got == ["USA", "U.S.A.", "United States of America", "Estados Unidos da América",
                   "GRUPO  SUR"]

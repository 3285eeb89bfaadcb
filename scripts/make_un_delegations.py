"""Generate `redline/annotate/data/un.toml`: UN member and observer States, and negotiating groups.

Names come from pycountry's ISO 3166-1 data and its gettext translations (en, es, fr, pt,
pt_BR), plus the hand tables below: the short names the UN uses where they differ from ISO,
abbreviations drafts use, and the groups with their dated memberships. pycountry is needed
only here (`pip install -e '.[data]'`); redline reads the committed TOML file.

    .venv/bin/python scripts/make_un_delegations.py [--check]

`--check` exits 1 if the committed file differs from what the script would write.
"""

from __future__ import annotations

import gettext
import json
import sys
import unicodedata
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "redline" / "annotate" / "data" / "un.toml"
LANGUAGES = ("es", "fr", "pt", "pt_BR")

# The 193 Member States of the United Nations (https://www.un.org/en/about-us/member-states).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
"""
# Non-member observer States, and two States that are Parties to UN conventions (UNFCCC, CBD)
# and members of AOSIS without being UN members.
OBSERVERS = ["VAT", "PSE"]
OTHER_PARTIES = ["COK", "NIU"]

# Where the UN's English short name, or the names drafts use, differ from ISO 3166-1: a display
# name (`name`), more names in any of en/es/fr/pt (`names`) and case-sensitive codes (`codes`).
HAND: dict[str, dict[str, list[str] | str]] = {
    "USA": {"name": "United States of America",
            "codes": ["U.S.", "U.S.A.", "EEUU", "EE.UU.", "EE. UU.", "EUA", "É.-U."],
            "names": ["United States", "United States of America", "États-Unis",
                      "Estados Unidos", "Estados Unidos de América", "Estados Unidos da América"]},
    "GBR": {"name": "United Kingdom of Great Britain and Northern Ireland",
            "codes": ["UK", "U.K."],
            "names": ["United Kingdom", "Great Britain", "Britain", "Royaume-Uni", "Reino Unido"]},
    "RUS": {"names": ["Russia", "Russian Federation", "Rusia", "Federación de Rusia", "Russie",
                      "Fédération de Russie", "Rússia", "Federação da Rússia"]},
    "BOL": {"name": "Bolivia (Plurinational State of)",
            "names": ["Bolivia (Plurinational State of)", "Bolivia (Estado Plurinacional de)",
                      "Bolivie (État plurinational de)", "Bolívia (Estado Plurinacional da)"]},
    "VEN": {"name": "Venezuela (Bolivarian Republic of)",
            "names": ["Venezuela", "Venezuela (Bolivarian Republic of)",
                      "Venezuela (República Bolivariana de)",
                      "Venezuela (République bolivarienne du)",
                      "Venezuela (República Bolivariana da)"]},
    "IRN": {"name": "Iran (Islamic Republic of)",
            "names": ["Iran (Islamic Republic of)", "Irán (República Islámica del)",
                      "Iran (République islamique d')", "Irã (República Islâmica do)"]},
    "FSM": {"name": "Micronesia (Federated States of)",
            "names": ["Micronesia (Federated States of)", "Micronesia (Estados Federados de)",
                      "Micronésie (États fédérés de)", "Micronésia (Estados Federados da)",
                      "Micronesia"]},
    "KOR": {"name": "Republic of Korea", "codes": ["ROK"],
            "names": ["Republic of Korea", "República de Corea", "République de Corée",
                      "Corée du Sud", "República da Coreia"]},
    "PRK": {"name": "Democratic People's Republic of Korea", "codes": ["DPRK", "RPDC"],
            "names": ["Democratic People's Republic of Korea", "North Korea",
                      "República Popular Democrática de Corea",
                      "République populaire démocratique de Corée",
                      "República Popular Democrática da Coreia", "Corea del Norte"]},
    "MDA": {"name": "Republic of Moldova",
            "names": ["Republic of Moldova", "República de Moldova", "République de Moldova"]},
    "TZA": {"name": "United Republic of Tanzania",
            "names": ["República Unida de Tanzanía", "République-Unie de Tanzanie"]},
    "COD": {"name": "Democratic Republic of the Congo", "codes": ["DRC", "RDC"],
            "names": ["Democratic Republic of the Congo", "DR Congo", "Congo-Kinshasa",
                      "República Democrática del Congo", "République démocratique du Congo",
                      "República Democrática do Congo"]},
    "COG": {"names": ["Congo", "Republic of the Congo", "Congo-Brazzaville",
                      "República del Congo", "République du Congo", "República do Congo"]},
    "LAO": {"name": "Lao People's Democratic Republic",
            "names": ["Lao PDR", "República Democrática Popular Lao",
                      "République démocratique populaire lao"]},
    "NLD": {"name": "Netherlands (Kingdom of the)",
            "names": ["Netherlands (Kingdom of the)", "Países Bajos (Reino de los)",
                      "Pays-Bas (Royaume des)", "Holland"]},
    "TUR": {"name": "Türkiye", "names": ["Turkey", "Türkiye", "Turquía", "Turquie", "Turquia"]},
    "CZE": {"name": "Czechia",
            "names": ["Czech Republic", "República Checa", "Chequia", "Tchéquie",
                      "République tchèque", "Chéquia", "Tchéquia", "República Tcheca"]},
    "MKD": {"names": ["The former Yugoslav Republic of Macedonia",
                      "ex República Yugoslava de Macedonia",
                      "ex-République yougoslave de Macédoine"],
            "codes": ["FYROM"]},
    "SWZ": {"names": ["Swaziland", "Suazilandia", "Eswatini", "Essuatíni"]},
    "CIV": {"names": ["Côte d'Ivoire", "Ivory Coast", "Costa de Marfil"]},
    "CPV": {"names": ["Cape Verde", "Cabo Verde", "Cap-Vert"]},
    "PSE": {"name": "State of Palestine",
            "names": ["State of Palestine", "Palestine", "Estado de Palestina", "Palestina",
                      "État de Palestine", "Estado da Palestina"]},
    "VAT": {"name": "Holy See",
            "names": ["Holy See", "Santa Sede", "Saint-Siège", "Santa Sé", "Vatican"]},
    "SYR": {"names": ["Syria", "República Árabe Siria", "République arabe syrienne"]},
    "VNM": {"name": "Viet Nam", "names": ["Viet Nam", "Vietnam"]},
    "MMR": {"names": ["Burma", "Birmania", "Birmanie"]},
    "TLS": {"names": ["East Timor", "Timor-Leste"]},
    "BRN": {"names": ["Brunei"]},
    "GMB": {"names": ["The Gambia"]},
    "BHS": {"names": ["The Bahamas"]},
    "KGZ": {"names": ["Kyrgyz Republic"]},
    "SVK": {"names": ["Slovak Republic"]},
    "STP": {"names": ["São Tomé and Príncipe"]},
    "ARE": {"codes": ["UAE", "EAU"]},
    "SAU": {"codes": ["KSA"]},
    "CHN": {"codes": ["PRC"], "names": ["People's Republic of China"]},
    "ZAF": {"codes": ["RSA"]},
    "CAF": {"codes": ["RCA"]},
    "MHL": {"codes": ["RMI"]},
    "BIH": {"codes": ["BiH"]},
    "KNA": {"codes": ["SKN"]},
    "VCT": {"codes": ["SVG"]},
    "NZL": {"names": ["Aotearoa New Zealand"]},
    "COK": {"names": ["Cook Islands", "Islas Cook", "Îles Cook", "Ilhas Cook"]},
    "NIU": {"names": ["Niue"]},
}
# Short forms read off inverted ISO names ("Bolivia" from "Bolivia, Plurinational State of")
# that are not names of the State.
NOT_SHORT = {"syrienne", "lao"}

CHAIR = {
    "code": "CHAIR", "name": "Chair",
    "codes": ["CHAIR", "CO-CHAIRS", "PRESIDENCY"],
    "names": ["Chair", "Co-Chair", "Co-Chairs", "Chairs", "Vice-Chair", "Presidency",
              "Président", "Présidente", "Présidence", "Coprésidents", "Presidente",
              "Presidencia", "Copresidentes", "Presidência"],
}

# Negotiating groups. Members: (code, since, until), ISO dates inclusive; None = not known (a
# date is recorded only where it is known, never guessed). Without `until` a member is current.
EU_SINCE = {
    "1958-01-01": "BEL FRA DEU ITA LUX NLD",  # the EEC (the Union since 1993-11-01)
    "1973-01-01": "DNK IRL",
    "1981-01-01": "GRC",
    "1986-01-01": "ESP PRT",
    "1995-01-01": "AUT FIN SWE",
    "2004-05-01": "CYP CZE EST HUN LVA LTU MLT POL SVK SVN",
    "2007-01-01": "BGR ROU",
    "2013-07-01": "HRV",
}
# G77: the 134 members listed by the Group (China included: "G77 and China"). Former members
# (Mexico 1994, Republic of Korea 1996, Cyprus and Malta 2004, New Zealand, Romania, ...) are
# left out: their dates of leaving are not known precisely enough.
G77 = """
AFG DZA AGO ATG ARG BHS BHR BGD BRB BLZ BEN BTN BOL BIH BWA BRA BRN BFA BDI CPV KHM CMR CAF TCD
CHL CHN COL COM COG CRI CIV CUB PRK COD DJI DMA DOM ECU EGY SLV GNQ ERI SWZ ETH FJI GAB GMB GHA
GRD GTM GIN GNB GUY HTI HND IND IDN IRN IRQ JAM JOR KEN KIR KWT LAO LBN LSO LBR LBY MDG MWI MYS
MDV MLI MHL MRT MUS FSM MNG MAR MOZ MMR NAM NRU NPL NIC NER NGA OMN PAK PSE PAN PNG PRY PER PHL
QAT RWA KNA LCA VCT WSM STP SAU SEN SYC SLE SGP SLB SOM ZAF SSD LKA SDN SUR SYR TJK THA TLS TGO
TON TTO TUN TKM UGA ARE TZA URY VUT VEN VNM YEM ZMB ZWE
"""
# LDCs: the 44 on the UN list (after Sao Tome and Principe, December 2024), then graduations.
# Scheduled, not recorded until they happen: Bangladesh, Lao PDR, Nepal (2026-11-24), Solomon
# Islands (2027-12-13). Botswana graduated in December 1994 (day not known): left out.
LDC = """
AGO BEN BFA BDI CAF TCD COM COD DJI ERI ETH GMB GIN GNB LSO LBR MDG MWI MLI MRT MOZ NER RWA SEN
SLE SOM SSD SDN TGO UGA TZA ZMB AFG BGD KHM LAO MMR NPL TLS YEM HTI KIR SLB TUV
"""
LDC_GRADUATED = {"CPV": "2007-12-20", "MDV": "2011-01-01", "WSM": "2014-01-01",
                 "GNQ": "2017-06-04", "VUT": "2020-12-04", "BTN": "2023-12-13",
                 "STP": "2024-12-13"}
AFRICA = """
DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG COD CIV DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN
GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN
TZA TGO TUN UGA ZMB ZWE
"""
AOSIS = """
CPV COM GNB MDV MUS STP SYC SGP ATG BHS BRB BLZ CUB DMA DOM GRD GUY HTI JAM KNA LCA VCT SUR TTO
COK FJI KIR MHL FSM NRU NIU PLW PNG WSM SLB TLS TON TUV VUT
"""
LMDC = """
DZA BGD BOL CHN CUB ECU EGY SLV IND IDN IRN IRQ JOR KWT MYS MLI NIC PAK SAU LKA SDN SYR VEN VNM
"""
ARAB = "DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM"
CFRN = """
BGD BLZ CAF CMR COG CRI COD DOM ECU GNQ SLV FJI GAB GHA GTM GUY HND IDN KEN LSO LBR MDG MYS NIC
NGA PAK PAN PNG PRY PER WSM SLE SLB SUR THA URY UGA VUT VNM
"""


def _plain(codes: str) -> list[tuple[str, str | None, str | None]]:
    return [(c, None, None) for c in codes.split()]


GROUPS = [
    {"code": "EU", "name": "European Union", "codes": ["EU", "UE"],
     "names": ["European Union", "Unión Europea", "Union européenne", "União Europeia"],
     "source": "EU member countries and accession dates, "
               "https://european-union.europa.eu/principles-countries-history/eu-countries_en; "
               "United Kingdom until its withdrawal, 31 January 2020 (Withdrawal Agreement, "
               "OJ L 29, 31.1.2020); dates before 1993-11-01 are the European Communities'",
     "members": [(c, since, None) for since, cs in EU_SINCE.items() for c in cs.split()]
     + [("GBR", "1973-01-01", "2020-01-31")]},
    {"code": "G77", "name": "Group of 77 and China",
     "codes": ["G77", "G-77", "G77/China", "G-77/China", "G77+China", "G77 & China"],
     "names": ["G-77 and China", "G77 and China", "Group of 77", "Group of 77 and China",
               "Grupo de los 77 y China", "Groupe des 77 et la Chine", "Grupo dos 77 e a China"],
     "source": "The Member States of the Group of 77, https://www.g77.org/doc/members.html",
     "members": _plain(G77)},
    {"code": "LDC", "name": "Least Developed Countries", "codes": ["LDC", "LDCs", "PMA"],
     "names": ["Least Developed Countries", "LDC Group", "Países menos adelantados",
               "Pays les moins avancés", "Países menos desenvolvidos"],
     "source": "UN DESA, LDC category: list of LDCs and graduations, "
               "https://www.un.org/development/desa/dpad/least-developed-country-category.html",
     "members": _plain(LDC) + [(c, None, d) for c, d in LDC_GRADUATED.items()]},
    {"code": "AOSIS", "name": "Alliance of Small Island States", "codes": ["AOSIS"],
     "names": ["Alliance of Small Island States", "Alianza de los Pequeños Estados Insulares",
               "Alliance des petits États insulaires", "Aliança dos Pequenos Estados Insulares"],
     "source": "AOSIS member States, https://www.aosis.org/about/member-states/",
     "members": _plain(AOSIS)},
    {"code": "LMDC", "name": "Like-Minded Developing Countries", "codes": ["LMDC", "LMDCs"],
     "names": ["Like-Minded Developing Countries", "Like Minded Developing Countries",
               "Like-Minded Group of Developing Countries"],
     "source": "No formal list; members as named in LMDC statements to the UNFCCC "
               "(2012-2016); membership fluid and undated",
     "members": _plain(LMDC)},
    {"code": "AGN", "name": "African Group of Negotiators", "codes": ["AGN"],
     "names": ["African Group of Negotiators", "African Group", "Grupo Africano de Negociadores",
               "Groupe africain de négociateurs", "Grupo Africano"],
     "source": "African Union member States that are Parties to the UNFCCC (the 54 African "
               "States); UNFCCC Party groupings, https://unfccc.int/party-groupings",
     "members": _plain(AFRICA)},
    {"code": "AILAC", "name": "Independent Association of Latin America and the Caribbean",
     "codes": ["AILAC"],
     "names": ["Independent Association of Latin America and the Caribbean",
               "Asociación Independiente de América Latina y el Caribe",
               "Asociación Independiente de Latinoamérica y el Caribe"],
     "source": "UNFCCC Party groupings, https://unfccc.int/party-groupings; joined dates not "
               "recorded",
     "members": _plain("CHL COL CRI GTM HND PAN PRY PER")},
    {"code": "ALBA", "name": "Bolivarian Alliance for the Peoples of Our America",
     "codes": ["ALBA", "ALBA-TCP"],
     "names": ["Bolivarian Alliance for the Peoples of Our America",
               "Alianza Bolivariana para los Pueblos de Nuestra América"],
     "source": "ALBA-TCP member countries, https://www.albatcp.org; Bolivia's withdrawal "
               "(November 2019) and return (2020) are not recorded",
     "members": [("VEN", "2004-12-14", None), ("CUB", "2004-12-14", None),
                 ("BOL", "2006-04-29", None), ("NIC", None, None), ("DMA", None, None),
                 ("HND", None, "2010-01-12"), ("ECU", "2009-06-24", "2018-08-23"),
                 ("ATG", None, None), ("VCT", None, None), ("LCA", None, None),
                 ("GRD", None, None), ("KNA", None, None)]},
    {"code": "ARAB", "name": "Arab Group", "codes": ["ARAB"],
     "names": ["Arab Group", "Grupo Árabe", "Groupe arabe", "Groupe des États arabes",
               "Group of Arab States"],
     "source": "Member States of the League of Arab States, https://www.lasportal.org",
     "members": _plain(ARAB)},
    {"code": "BASIC", "name": "Brazil, South Africa, India and China", "codes": ["BASIC"],
     "names": ["BASIC countries", "BASIC group"],
     "source": "Joint statement of the BASIC ministers, Beijing, 28 November 2009",
     "members": [(c, "2009-11-28", None) for c in ("BRA", "ZAF", "IND", "CHN")]},
    {"code": "EIG", "name": "Environmental Integrity Group", "codes": ["EIG"],
     "names": ["Environmental Integrity Group", "Grupo de Integridad Ambiental",
               "Groupe de l'intégrité environnementale"],
     "source": "UNFCCC Party groupings, https://unfccc.int/party-groupings; IISD, 20 Years of "
               "the Environmental Integrity Group in Global Climate Governance (2020)",
     "members": _plain("CHE KOR MEX LIE MCO GEO")},
    {"code": "UMBRELLA", "name": "Umbrella Group", "codes": ["UMBRELLA"],
     "names": ["Umbrella Group", "Grupo Paraguas", "Groupe de l'Ombrelle"],
     "source": "UNFCCC Party groupings (no formal list), https://unfccc.int/party-groupings; "
               "Russian Federation ejected: Climate Home News, 10 March 2022",
     "members": [*_plain("AUS CAN ISL ISR JPN KAZ NZL NOR UKR USA"),
                 ("RUS", None, "2022-03-10")]},
    {"code": "CFRN", "name": "Coalition for Rainforest Nations", "codes": ["CFRN", "CfRN"],
     "names": ["Coalition for Rainforest Nations", "Rainforest Coalition",
               "Coalición de Naciones con Bosques Tropicales"],
     "source": "Coalition for Rainforest Nations, participating countries, "
               "http://www.rainforestcoalition.org (list of 2010; later members not recorded)",
     "members": _plain(CFRN)},
    {"code": "GRUPOSUR", "name": "GRUPO SUR (Argentina, Brazil, Paraguay and Uruguay)",
     "codes": ["GRUPOSUR", "GRUPO SUR", "GSUR"], "names": ["Grupo Sur"],
     "source": "Joint submissions to the UNFCCC by Argentina, Brazil, Paraguay and Uruguay",
     "members": _plain("ARG BRA PRY URY")},
]


# Accent-less spellings that are other words ("lingua franca", "suede").
NOT_FOLDED = {"franca", "suede"}


def fold(text: str) -> str:
    """Without accents: 'États-Unis' -> 'Etats-Unis'; a tilde is kept ('Irã' is not 'Ira')."""
    if "\u0303" in unicodedata.normalize("NFKD", text):
        return text
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text if plain.lower() in NOT_FOLDED else unicodedata.normalize("NFC", plain)


def uninvert(name: str) -> tuple[str, str | None]:
    """'Korea, Republic of' -> ('Republic of Korea', 'Korea'); other names unchanged."""
    if ", " not in name:
        return name, None
    head, tail = name.split(", ", 1)
    joined = f"{tail}{head}" if tail.endswith(("'", "’")) else f"{tail} {head}"
    return joined, head


def variants(name: str, english: bool) -> list[str]:
    """A name and its spellings: apostrophes, no accents, 'St.' for 'Saint', no article."""
    out = [name]
    for prefix in ("the ", "The ", "L'", "l'", "L’", "l’"):
        if name.startswith(prefix):
            out.append(name[len(prefix):])
    if english:
        out += [n.replace("Saint ", s) for n in out if "Saint " in n for s in ("St. ", "St ")]
    out += [n.replace("'", "’") for n in out if "'" in n]
    out += [n.replace("’", "'") for n in out if "’" in n]
    out += [fold(n) for n in out]
    if "(" in name:
        out.append(name.split("(")[0].strip())
    return list(dict.fromkeys(n.strip() for n in out if n.strip()))


def country_names(code: str, tr: dict) -> tuple[str, list[str], list[str]]:
    """Display name, names and short forms (heads of inverted ISO names) of one State."""
    c = pycountry.countries.get(alpha_3=code)
    hand = HAND.get(code, {})
    iso = [getattr(c, f) for f in ("name", "official_name", "common_name") if hasattr(c, f)]
    display = hand.get("name") or (c.name if ", " not in c.name else uninvert(c.name)[0])
    names: list[str] = []
    heads: list[str] = []
    for lang, text in [("en", n) for n in iso] + [(lg, tr[lg].gettext(n)) for lg in tr
                                                  for n in iso]:
        full, head = uninvert(text)
        names += variants(full, lang == "en")
        if head:
            heads += variants(head, lang == "en")
    for name in [display, *hand.get("names", [])]:
        names += variants(name, True)
    return display, list(dict.fromkeys(names)), list(dict.fromkeys(heads))


def build() -> str:
    """The text of un.toml."""
    tr = {lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
          for lang in LANGUAGES}
    members = UN_MEMBERS.split()
    assert len(set(members)) == 193, len(set(members))
    states = members + OBSERVERS + OTHER_PARTIES
    entries = []
    for code in states:
        c = pycountry.countries.get(alpha_3=code)
        display, names, heads = country_names(code, tr)
        entries.append({"code": code, "name": display,
                        "codes": [code, *HAND.get(code, {}).get("codes", [])],
                        "short_codes": [c.alpha_2], "names": names, "heads": heads})
    entries.append({**CHAIR, "short_codes": [], "heads": []})
    _resolve(entries)
    known = set(states)
    for g in GROUPS:
        for member, since, until in g["members"]:
            assert member in known, (g["code"], member)
            assert since is None or until is None or since <= until, (g["code"], member)
    return _render(entries)


def _resolve(entries: list[dict]) -> None:
    """Drop names claimed by two States; add a short form only if no one else claims it."""
    owners: dict[str, set[str]] = {}
    codes: dict[str, set[str]] = {}
    for e in entries:
        for n in e["names"]:
            owners.setdefault(n.lower(), set()).add(e["code"])
        for k in e["codes"] + e["short_codes"]:
            codes.setdefault(k, set()).add(e["code"])
    for g in GROUPS:
        for n in g["names"] + [g["name"]]:
            owners.setdefault(n.lower(), set()).add(g["code"])
        for k in g["codes"]:
            codes.setdefault(k, set()).add(g["code"])
    clash = {k: v for k, v in codes.items() if len(v) > 1}
    assert not clash, f"codes claimed twice: {clash}"
    ambiguous = {n for n, v in owners.items() if len(v) > 1}
    for n in sorted(ambiguous):
        print(f"dropped ambiguous name {n!r}: {sorted(owners[n])}", file=sys.stderr)
    head_owners: dict[str, set[str]] = {}
    for e in entries:
        for h in e["heads"]:
            head_owners.setdefault(h.lower(), set()).add(e["code"])
    for e in entries:
        names = [n for n in e["names"] if n.lower() not in ambiguous]
        for h in e["heads"]:
            low = h.lower()
            if low not in owners and len(head_owners[low]) == 1 and low not in NOT_SHORT:
                names.append(h)
        seen: set[str] = set()
        e["names"] = [n for n in names if not (n.lower() in seen or seen.add(n.lower()))]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _list(items: list[str], indent: int) -> str:
    lines, line = [], ""
    for item in (_q(i) for i in items):
        if line and len(line) + len(item) + 2 > 100 - indent:
            lines.append(line.rstrip())
            line = ""
        line += item + ", "
    lines.append(line.rstrip().rstrip(","))
    pad = "\n" + " " * indent
    return "[" + pad.join(lines) + "]"


def _render(entries: list[dict]) -> str:
    out = [
        "# Delegations at the United Nations: the 193 Member States and the two observer States",
        "# (Holy See, State of Palestine) by ISO 3166-1 alpha-3, the Cook Islands and Niue",
        "# (Parties to UN conventions), the Chair, and negotiating groups with dated memberships.",
        "#",
        "# GENERATED by scripts/make_un_delegations.py from pycountry's ISO 3166-1 names and",
        "# translations (en, es, fr, pt) and the script's hand tables: edit the script, not this.",
        "#",
        "# `codes` match case-sensitively as written; `short_codes` (ISO alpha-2) match only where",
        "# the convention allows bare two-letter codes; `names` match case-insensitively.",
        "# Group members: `since`/`until` are ISO dates, both inclusive; no `until`: a member now;",
        "# a missing date is one not known, not one guessed.",
        "",
        'body = "United Nations"',
        "not_delegations = []",
        "",
    ]
    for e in entries:
        out += ["[[delegation]]", f"code = {_q(e['code'])}", f"name = {_q(e['name'])}",
                f"codes = {_list(e['codes'], 9)}"]
        if e["short_codes"]:
            out.append(f"short_codes = {_list(e['short_codes'], 15)}")
        out += [f"names = {_list(e['names'], 9)}", ""]
    for g in GROUPS:
        out += ["[[group]]", f"code = {_q(g['code'])}", f"name = {_q(g['name'])}",
                f"codes = {_list(g['codes'], 9)}", f"names = {_list(g['names'], 9)}",
                f"source = {_q(g['source'])}", ""]
        for member, since, until in g["members"]:
            out += ["[[group.member]]", f"code = {_q(member)}"]
            out += [f'since = "{since}"'] if since else []
            out += [f'until = "{until}"'] if until else []
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    text = build()
    if "--check" in sys.argv[1:]:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT}: {'up to date' if same else 'differs from the script'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

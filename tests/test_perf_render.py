"""Writers made faster for issue 13 write what they wrote before.

The report's paragraphs and their inline and side-by-side redlines are built in Python rather
than by the template's loop and macro: the old loop and macro, kept here, must give the same
bytes. The per-delegation summary of the HTML report is built without pandas, in the order
the DataFrame sorted it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, select_autoescape

import redline
from redline.render.html import (
    STATUS_LABELS,
    ProposalNote,
    Segment,
    article_html,
    build_items,
    marks_html,
)
from redline.render.tables import SUMMARY_COLUMNS, summary_frame, summary_rows
from tests.conftest import FIXTURES, REVISIONS

# the `marks` macro of report.html.j2 before issue 13
MACRO = (
    "{% macro marks(segs, it, ids=True) %}{% for s in segs %}{% if s.pd_first %}"
    '<span class="pdel dc-{{ it.proposals[s.proposal].colour }}" '
    'data-ref="{{ it.proposals[s.proposal].id }}" title="{{ it.proposals[s.proposal].title }}">'
    "{% endif %}{% if s.kind == 'eq' %}{{ s.text }}{% elif s.kind == 'ins' %}"
    '<ins{% if ids and s.first %} class="chg" id="c{{ s.change }}-i"{% endif %} '
    'data-ref="n{{ s.change }}">{{ s.text }}</ins>{% else %}'
    '<del{% if ids and s.first %} class="chg" id="c{{ s.change }}-d"{% endif %} '
    'data-ref="n{{ s.change }}">{{ s.text }}</del>{% endif %}'
    '{% if ids and s.who is not none %}<a class="who{% if not s.who %} none{% endif %}" '
    'href="#n{{ s.change }}" data-ref="n{{ s.change }}" title="{{ s.title }}">'
    "{{ s.who or '?' }}</a>{% endif %}{% if s.pd_last %}{% set pn = it.proposals[s.proposal] %}"
    '</span><a class="pd-mark dc-{{ pn.colour }}" href="#{{ pn.id }}" data-ref="{{ pn.id }}" '
    'title="{{ pn.title }}">proposed deletion: {{ pn.codes }}</a>{% endif %}{% endfor %}'
    "{% endmacro %}{{ marks(segs, it, ids) }}")
TEMPLATE = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True).from_string(MACRO)
TEXT = st.text(alphabet="ab <>&\"'’é", max_size=6)


class It:
    def __init__(self, proposals):
        self.proposals = proposals


@st.composite
def segments(draw):
    proposals = [ProposalNote(f"pd1-{k}", draw(TEXT),
                              draw(st.lists(st.tuples(st.sampled_from(["USA", "<V>"]), TEXT),
                                            max_size=2)),
                              draw(st.none() | TEXT), draw(st.none() | TEXT), k % 8)
                 for k in range(draw(st.integers(0, 2)))]
    segs = []
    for _ in range(draw(st.integers(0, 6))):
        seg = Segment(draw(st.sampled_from(["eq", "ins", "del"])), draw(TEXT),
                      draw(st.none() | st.integers(1, 9)), draw(st.none() | TEXT), draw(TEXT),
                      first=draw(st.booleans()))
        if proposals and draw(st.booleans()):
            seg.proposal = draw(st.integers(0, len(proposals) - 1))
            seg.pd_first, seg.pd_last = draw(st.booleans()), draw(st.booleans())
        segs.append(seg)
    return segs, proposals


@settings(max_examples=300, deadline=None)
@given(segments(), st.booleans())
def test_marks_html_is_the_macro(found, ids):
    segs, proposals = found
    assert str(marks_html(segs, proposals, ids)) == TEMPLATE.render(
        segs=segs, it=It(proposals), ids=ids)


def test_summary_rows_without_pandas():
    cmp = redline.compare(REVISIONS / "2015-11.txt", REVISIONS / "2016-01.txt")
    rows = summary_rows(cmp)
    assert rows and rows == summary_frame(cmp).to_dict("records")
    assert [list(r) for r in rows] == [SUMMARY_COLUMNS] * len(rows)
    codes = [r["delegation"] for r in rows]
    assert codes == sorted(codes, key=lambda d: (d == "—", d))


# the loop over the paragraphs of report.html.j2 before issue 13 (its macro already in Python)
LOOP = (FIXTURES / "report_loop_before.html.j2").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new"), [("2005", "2015-04"), ("2015-04", "2015-11"),
                                          ("2015-11", "2016-01")])
def test_article_html_is_the_loop(old, new):
    cmp = redline.compare(REVISIONS / f"{old}.txt", REVISIONS / f"{new}.txt")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    for only_changed in (False, True):
        items = build_items(cmp, only_changed=only_changed)
        for far in (False, True):
            expected = env.from_string(LOOP).render(items=items, far_footnotes=far,
                                                    status_labels=STATUS_LABELS)
            assert "".join(article_html(it, far) for it in items) == expected

"""The index page of a folder of reports: the versions and a link to each report."""

from __future__ import annotations

from dataclasses import dataclass, field

from redline.corpus.manifest import Version
from redline.render.html import asset, csp_header


@dataclass
class Link:
    href: str
    text: str
    note: str = ""
    extras: list[tuple[str, str]] = field(default_factory=list)  # (href, text) beside it


@dataclass
class Section:
    title: str
    links: list[Link] = field(default_factory=list)


def render_index(title: str, versions: list[Version], sections: list[Section]) -> str:
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    css = asset("index.css")
    return env.from_string(asset("index.html.j2")).render(
        title=title, versions=versions, sections=sections, css=css, csp=csp_header(css, ""))

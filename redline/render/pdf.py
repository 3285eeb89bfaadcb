"""PDF: an HTML report printed to A4 with WeasyPrint, through the report's own print stylesheet.

Deterministic (no dates in the metadata, no file identifier: identical HTML, identical bytes)
and offline: the reports are self-contained, so every URL a draft might smuggle in is refused.
"""

from __future__ import annotations

from redline.errors import RedlineError

_MISSING = ("PDF output needs WeasyPrint (installed with redline) and Pango (Debian: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0, which make demo does as root)")
_PAGE = "@page { size: A4; }"  # a user stylesheet: a report's own @page rules win


def to_pdf(html: str) -> bytes:
    """The HTML printed to a text-searchable A4 PDF."""
    try:
        import pydyf
        import weasyprint
    except (ImportError, OSError):  # OSError: Pango or its friends are missing
        raise RedlineError(_MISSING) from None

    def finish(_document, pdf) -> None:
        pdf.info["Creator"] = pydyf.String("redline")
        for key in ("CreationDate", "ModDate"):  # none by default: keep it that way
            pdf.info.pop(key, None)

    fetcher = _refusing_fetcher(weasyprint)
    page = weasyprint.CSS(string=_PAGE, url_fetcher=fetcher)
    doc = weasyprint.HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    return doc.write_pdf(stylesheets=[page], finisher=finish, pdf_identifier=None)


def _refusing_fetcher(weasyprint):
    """A URL fetcher that fetches nothing (WeasyPrint skips the resource with a warning)."""

    def refuse(url: str, *_args, **_kwargs):
        raise ValueError(f"redline fetches nothing for a PDF: {url[:80]}")

    base = getattr(weasyprint, "URLFetcher", None)
    if base is None:  # older WeasyPrint takes a plain function
        return refuse
    return type("RefusingFetcher", (base,), {"fetch": lambda self, url, headers=None:
                                             refuse(url)})()

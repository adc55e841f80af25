"""The PDF: printed by WeasyPrint as PDF/A-3b for archives, with every fetch refused."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from weasyprint import HTML, Attachment
from weasyprint.urls import URLFetcher

#: the archival profile the PDF is written to (ISO 19005-3, level B)
PDF_VARIANT = "pdf/a-3b"


class URLRefused(ValueError):
    """The PDF renderer asked for a URL; the briefing never needs one."""


class RefusingURLFetcher(URLFetcher):
    """A WeasyPrint fetcher that refuses every URL: no network, no file access."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.refused.append(url)
        raise URLRefused(f"external resources are not fetched: {url[:200]}")


#: what each attached file is, as the PDF's attachment list shows it
_DESCRIPTIONS = {
    "briefing.json": "The full record of every story: summaries, every statement, sources",
}


def render_pdf(html: str, target: Path, fetcher: RefusingURLFetcher | None = None,
               attachments: Mapping[str, str] | None = None) -> Path:
    """Print ``html`` to a PDF/A-3b file at ``target`` with every resource fetch refused.

    ``attachments`` (file name -> text) are embedded as the document's associated data
    files, as PDF/A-3 allows: the archive then holds the whole record, not only the
    pages printed from it.
    """
    fetcher = fetcher or RefusingURLFetcher()
    files = [Attachment(string=text.encode("utf-8", errors="replace"), name=name,
                        description=_DESCRIPTIONS.get(name, name), relationship="Data",
                        url_fetcher=fetcher)
             for name, text in (attachments or {}).items()]
    HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        target, pdf_variant=PDF_VARIANT, attachments=files)
    return target

"""How big and how slow a busy day's briefing is: the front page, the email, the PDF.

Builds one briefing from N PolNeAR texts (read from ../shared at run time, never copied),
renders every format and prints what a reader and a mail server get: the email's bytes
and words, the front page's words, the PDF's pages (front section and appendix) and the
seconds each format takes to render. A figure to watch, not a test.

    python scripts/bench_frontpage.py                       # 250 train texts
    python scripts/bench_frontpage.py --limit 0             # all 840
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from datetime import date
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.config import DEFAULT_FORMATS, Settings  # noqa: E402
from briefing.pipeline import assemble_briefing, build_stories, load_articles, parse  # noqa: E402
from briefing.records import Dropped  # noqa: E402
from shared_data import SHARED, polnear_texts  # noqa: E402



def visible_words(html: str) -> int:
    """Words a reader sees in an HTML document (styles and tags left out)."""
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return len(re.findall(r"\w+", unescape(re.sub(r"<[^>]+>", " ", html))))


def pdf_sections(path: Path) -> tuple[int, int]:
    """Pages before the "Full record" bookmark, and from it to the end."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    total = len(reader.pages)
    starts = [reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list) and item.title == "Full record"]
    front = starts[0] if starts else total
    return front, total - front


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="train")
    ap.add_argument("--limit", type=int, default=250, help="at most this many texts (0: all)")
    args = ap.parse_args()
    files = polnear_texts(args.split, args.limit)
    if not files:
        print(f"no PolNeAR {args.split} texts under {SHARED}", file=sys.stderr)
        return 2
    settings = Settings()
    dropped: list[Dropped] = []
    start = time.perf_counter()
    articles = load_articles(files, settings, dropped=dropped)
    stories = build_stories(parse(articles, settings), settings)
    briefing = assemble_briefing(stories, date(2026, 1, 1), settings, dropped=dropped)
    built = time.perf_counter() - start

    from briefing.render import build_view, render_briefing

    timings = {}
    formats = [*DEFAULT_FORMATS, "email"]
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        render_briefing(briefing, Path(out), formats, settings.render)
        together = time.perf_counter() - start
        written = {}
        for fmt in formats:
            start = time.perf_counter()
            written.update(render_briefing(briefing, Path(out), [fmt], settings.render))
            timings[fmt] = time.perf_counter() - start
        email = written["email"].read_text(encoding="utf-8")
        front_pages, appendix_pages = pdf_sections(written["pdf"])
        sizes = {fmt: path.stat().st_size for fmt, path in written.items()}
    view = build_view(briefing, settings.render)
    on_front = sum(s.on_front_page for s in briefing.stories)
    rows = sum(len(s.quotes) for s in briefing.stories)
    print(f"{len(files)} files -> {len(articles)} articles ({len(dropped)} dropped), "
          f"{len(briefing.stories)} stories, {rows} who-said-what rows; built in {built:.1f} s")
    print(f"front page: {on_front} stories, {view.front_words} words, "
          f"{view.reading_minutes} min read; {len(view.also)} more stories under 'also reported'")
    print(f"email: {len(email.encode('utf-8')):,} bytes (limit {settings.render.email_bytes:,}), "
          f"{visible_words(email):,} words")
    print(f"PDF: {front_pages} front pages + {appendix_pages} appendix pages "
          f"({sizes['pdf']:,} bytes, the whole record attached)")
    print(f"render seconds, all formats as one build writes them: {together:.2f} "
          f"(one at a time: " + ", ".join(f"{fmt} {s:.2f}" for fmt, s in timings.items()) + ")")
    print("sizes: " + ", ".join(f"{fmt} {size:,} B" for fmt, size in sizes.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

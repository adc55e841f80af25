#!/usr/bin/env python3
"""Measure the collect + clean stages against the seed gold and PolNeAR dev.

Usage: check_clean.py [--verbose]

Seeds: titles, parts, publishers, first/last body lines and must_not_appear furniture.
PolNeAR dev: every text gives one article whose body holds every line but the title
(train is reported too, as a check on unseen files; credits it loses are expected).
SemEval dev: every article file is read and keeps its title; dropped lines are listed
with --verbose so over-cleaning is visible.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.clean import clean_document, clean_documents  # noqa: E402
from briefing.collect import read_paths  # noqa: E402
from briefing.config import LimitSettings  # noqa: E402
from briefing.records import Dropped  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_seeds(limits: LimitSettings, verbose: bool) -> int:
    gold = json.loads((SHARED / "gold" / "seeds_gold.json").read_text(encoding="utf-8"))
    docs = read_paths([REPO / "seeds"], limits)
    articles = clean_documents(docs, limits)
    by_file: dict[str, list] = {}
    for article in articles:
        by_file.setdefault(Path(article.path).name, []).append(article)
    failures = 0
    gold_files: dict[str, list] = {}
    for item in gold["articles"]:
        gold_files.setdefault(item["file"], []).append(item)
    for name, items in sorted(gold_files.items()):
        got = by_file.get(name, [])
        titles_ok = [a.title for a in got] == [g["title"] for g in items]
        print(f"{name}: {len(got)} article(s), gold {len(items)}; titles "
              f"{'OK' if titles_ok else 'DIFFER'}")
        failures += not titles_ok
        if not titles_ok:
            for a in got:
                print(f"   got title: {a.title!r}")
        for g, a in zip(items, got):
            checks = {
                "publisher": g["publisher"] is None or a.publisher == g["publisher"],
                "first_line": g["first_line"] in a.body,
                "last_line": g["last_line"] in a.body,
            }
            for key, ok in checks.items():
                if not ok:
                    failures += 1
                    print(f"   part {g['part']} {key} FAIL (got publisher {a.publisher!r})")
            print(f"   part {g['part']}: id={a.id} publisher={a.publisher!r} "
                  f"body={len(a.body)} chars, {'ok' if all(checks.values()) else 'FAIL'}")
    for article in articles:
        flat = _squash(article.text)
        for line in gold["must_not_appear"]:
            if _squash(line) in flat:
                failures += 1
                print(f"   FURNITURE in {article.id}: {line!r}")
    failures += _offset_failures(docs, articles)
    return failures


def _unbullet(line: str) -> str:
    """A line as cleaning keeps it: trimmed, without a leading list bullet."""
    return re.sub(r"^[•·▪‣◦●■►▸*-]\s+", "", line.strip())


def _offset_failures(docs, articles) -> int:
    paths = {d.path: d.text for d in docs}
    failures = 0
    for article in articles:
        source = paths[article.path]
        for seg in article.segments:
            span = article.source_span(seg.text_start, seg.text_start + seg.length)
            piece = article.text[seg.text_start:seg.text_start + seg.length]
            if span is None or source[span[0]:span[1]] != piece:
                failures += 1
                print(f"   OFFSET mismatch in {article.id} at {seg}")
    return failures


def check_polnear(split: str, limits: LimitSettings, verbose: bool) -> int:
    """One article per text, titled by its first line, with every other line in the body.

    Line cleaning is checked with stub rejection off; the stubs the default limit drops
    (a teaser of a few lines) are counted apart, as they are meant to be.
    """
    folder = SHARED / "eval" / "polnear" / split / "text"
    docs = read_paths([folder], limits)
    stubs: list[Dropped] = []
    for doc in docs:
        clean_document(doc, limits, dropped=stubs)
    for stub in stubs:
        print(f"   dropped as intended: {Path(stub.path).name}: {stub.reason}")
    limits = replace(limits, min_article_words=0)
    failures = 0
    total_source = total_body = 0
    for doc in docs:
        articles = clean_document(doc, limits)
        lines = [_unbullet(line) for line in doc.text.split("\n") if line.strip()]
        if len(articles) != 1:
            failures += 1
            print(f"   {doc.path}: {len(articles)} articles")
            continue
        article = articles[0]
        missing = [line for line in lines[1:] if line not in article.body]
        if article.title != lines[0] or missing:
            failures += 1
            if verbose or split == "dev":
                print(f"   {Path(doc.path).name}: title ok={article.title == lines[0]}, "
                      f"missing {missing[:2]}")
        total_source += sum(len(line) for line in lines[1:])
        total_body += sum(len(line) for line in lines[1:] if line in article.body)
        failures += _offset_failures([doc], articles)
    print(f"PolNeAR {split}: {len(docs)} texts, {failures} not kept whole; body holds "
          f"{total_body} of {total_source} non-title source chars; {len(stubs)} stub(s) "
          f"under limits.min_article_words")
    return failures


def check_semeval(limits: LimitSettings, verbose: bool) -> int:
    docs = read_paths([SHARED / "eval" / "semeval8-dev" / "articles"], limits)
    articles = clean_documents(docs, limits)
    by_path = {a.path: a for a in articles}
    failures = 0
    dropped_total = 0
    for doc in docs:
        article = by_path.get(doc.path)
        if article is None or article.title != _squash(doc.title or ""):
            failures += 1
            print(f"   {doc.path}: no article or title changed")
            continue
        kept = set(article.body.split("\n\n"))
        lines = [_unbullet(line) for line in doc.text.split("\n")]
        dropped = [line for line in lines if line and line not in kept
                   and line not in article.body]
        dropped_total += len(dropped)
        if verbose and dropped:
            print(f"   {Path(doc.path).name} dropped: {dropped}")
    failures += _offset_failures(docs, articles)
    print(f"SemEval dev: {len(docs)} files -> {len(articles)} articles, {failures} failing, "
          f"{dropped_total} line(s) dropped in all")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    limits = LimitSettings()
    failures = check_seeds(limits, args.verbose)
    print(f"Seeds: {failures} failing check(s)")
    failures += check_polnear("dev", limits, args.verbose)
    failures += check_semeval(limits, args.verbose)
    # Train is a generalisation check only: its losses are listed, not counted as failures.
    check_polnear("train", limits, args.verbose)
    print("ALL OK" if failures == 0 else f"{failures} failing check(s) in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

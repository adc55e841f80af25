"""What the quotes stage costs next to the spaCy parse it reads.

Times the parse of a corpus (the model load apart) and then ``extract_quotes`` on the
parsed articles, and prints both with their ratio. Issue 3 asks for at most 15%.
Texts are read from the shared PolNeAR folder at run time, never copied. Usage:

    python scripts/bench_quotes.py              # PolNeAR train
    python scripts/bench_quotes.py dev --limit 40
    python scripts/bench_quotes.py DIR_WITH_TXT_FILES --repeat 3
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.parse import load_model  # noqa: E402
from briefing.quotes import extract_quotes  # noqa: E402
from briefing.records import Article, ParsedArticle, Segment  # noqa: E402
from shared_data import SHARED  # noqa: E402

CORPORA = {split: SHARED / "eval" / "polnear" / split / "text" for split in ("train", "dev")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default="train",
                        help="train, dev, or a folder of .txt files")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time extraction N times and keep the fastest")
    args = parser.parse_args()
    folder = CORPORA.get(args.corpus, Path(args.corpus))
    files = sorted(folder.glob("*.txt"))[: args.limit or None]
    if not files:
        print(f"no .txt files in {folder}", file=sys.stderr)
        return 1
    articles = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        articles.append(Article(id=path.name, path=str(path), title="", body=text,
                                segments=[Segment(0, 0, len(text))]))
    nlp = load_model()
    nlp("warm up")
    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse_s = time.perf_counter() - started
    parsed = [ParsedArticle(a, d) for a, d in zip(articles, docs)]
    quote_s = float("inf")
    found = 0
    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        found = sum(len(extract_quotes(p)) for p in parsed)
        quote_s = min(quote_s, time.perf_counter() - started)
    chars = sum(len(a.text) for a in articles)
    print(f"{len(files)} files, {chars:,} characters, {found} quotes")
    print(f"parse  {parse_s:8.2f} s")
    print(f"quotes {quote_s:8.2f} s")
    print(f"quotes / parse = {quote_s / parse_s:.1%} (target <= 15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

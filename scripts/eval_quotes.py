"""Score the quotes stage on raw text files with the shared scorer.

Articles are built without the clean stage (the whole file is the body), so quote
offsets are file offsets. Usage:

    python scripts/eval_quotes.py seeds       # /work/shared/gold/seeds_gold.json
    python scripts/eval_quotes.py dev|train   # PolNeAR folders
    python scripts/eval_quotes.py DIR_OR_GOLD_JSON [--out pred.json] [--limit N]
    python scripts/eval_quotes.py train --cache /tmp/parse_cache   # reuse the parse

``--cache`` keeps the parsed Docs (spaCy DocBin) of a corpus, so that work on the
quotes stage re-runs in seconds; the cache is keyed by the files, their sizes and
the pipeline, and is only a development aid.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.parse import load_model  # noqa: E402
from briefing.quotes import extract_quotes  # noqa: E402
from briefing.records import Article, ParsedArticle, Segment  # noqa: E402

SHARED = Path("/work/shared")
NAMED = {"seeds": SHARED / "gold/seeds_gold.json",
         "dev": SHARED / "eval/polnear/dev", "train": SHARED / "eval/polnear/train"}
SCORER = SHARED / "eval/score_quotes.py"


def text_files(gold: Path) -> list[Path]:
    if gold.suffix == ".json":
        data = json.loads(gold.read_text(encoding="utf-8"))
        folder = (gold.parent / data.get("texts", ".")).resolve()
        return sorted({folder / a["file"] for a in data["articles"]})
    annotated = {p.name.rsplit("_", 1)[0] for p in (gold / "attributions").glob("*.ann")}
    return sorted(p for p in (gold / "text").glob("*.txt") if p.stem in annotated)


def parse(nlp, articles: list[Article], cache: Path | None) -> list:
    """The Docs of ``articles``, from ``cache`` when it holds this exact parse."""
    if cache is None:
        return list(nlp.pipe((a.text for a in articles), batch_size=16))
    from spacy.tokens import DocBin
    key = hashlib.sha1(repr([nlp.meta.get("name"), nlp.pipe_names]
                            + [(a.path, len(a.text)) for a in articles]).encode()).hexdigest()
    path = cache / f"{key[:16]}.spacy"
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
    cache.mkdir(parents=True, exist_ok=True)
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs


def predict(files: list[Path], cache: Path | None = None) -> tuple[dict, float, float]:
    started = time.perf_counter()
    nlp = load_model()
    articles = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        articles.append(Article(id=path.name, path=str(path), title="", body=text,
                                segments=[Segment(0, 0, len(text))]))
    docs = parse(nlp, articles, cache)
    parsed_at = time.perf_counter()
    preds = {}
    for article, doc in zip(articles, docs):
        rows = []
        for q in extract_quotes(ParsedArticle(article, doc)):
            span = article.source_span(q.start, q.end)
            if span is None:
                continue
            mention = None
            if q.mention is not None:
                m = article.source_span(q.mention.start, q.mention.end)
                if m is not None:
                    mention = {"text": q.mention.text, "start": m[0], "end": m[1]}
            rows.append({"text": q.text, "start": span[0], "end": span[1],
                         "speaker": q.speaker, "role": q.role, "mention": mention,
                         "cue": q.cue, "kind": q.kind})
        preds[article.path] = rows
    done = time.perf_counter()
    return preds, parsed_at - started, done - parsed_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="seeds, dev, train, or a gold folder / JSON file")
    parser.add_argument("--out", default=None, help="prediction JSON to write")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N files")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder keeping parsed Docs between runs (development)")
    args = parser.parse_args()
    gold = NAMED.get(args.gold, Path(args.gold))
    files = text_files(gold)[: args.limit or None]
    preds, parse_s, quote_s = predict(files, args.cache)
    out = Path(args.out or f"/tmp/pred_quotes_{gold.stem}.json")
    out.write_text(json.dumps(preds, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(files)} files: load+parse {parse_s:.1f}s, quotes {quote_s:.1f}s -> {out}")
    return subprocess.call([sys.executable, str(SCORER), str(gold), str(out)])


if __name__ == "__main__":
    sys.exit(main())

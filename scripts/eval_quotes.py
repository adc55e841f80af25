"""Score the quotes stage on raw text files with the shared scorer.

Articles are built without the clean stage (the whole file is the body), so quote
offsets are file offsets. Usage:

    python scripts/eval_quotes.py seeds       # /work/shared/gold/seeds_gold.json
    python scripts/eval_quotes.py dev|train   # PolNeAR folders
    python scripts/eval_quotes.py DIR_OR_GOLD_JSON [--out pred.json] [--limit N]
    python scripts/eval_quotes.py train --cache /tmp/parse_cache   # reuse the parse
    python scripts/eval_quotes.py news GOLD_OR_NAME --errors [--pred PRED.json]

``--errors`` counts, for a JSON gold (news-dev, seeds), the error classes of wrongly
attributed statements (hyphens broken, a description or pronoun left as the speaker,
a title left in the name, a document or channel as the speaker, the outlet credited,
a shortened name, joint speakers not both credited); ``--pred`` classifies an existing
prediction file (``briefing quotes ... --json``) instead of predicting.

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
from shared_data import SHARED  # noqa: E402

NAMED = {"seeds": SHARED / "gold/seeds_gold.json", "news": SHARED / "gold/news_dev_gold.json",
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


#: the error classes of issue 12, in the order its table lists them
ERROR_CLASSES = ("hyphenated name broken", "description or pronoun as speaker",
                 "title left in the name", "document or channel as speaker",
                 "outlet credited", "shortened name", "joint speakers")


def _scorer():
    import importlib.util
    spec = importlib.util.spec_from_file_location("score_quotes", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def error_classes(gold_path: Path, preds: dict) -> dict[str, int]:
    """Wrong speakers of matched statements (lenient match, as the scorer pairs them)
    by class, and joint statements not credited to each of their speakers."""
    from briefing.names import fold, is_title
    from briefing.quotes.lexicon import CHANNEL_NOUNS, PRONOUNS
    scorer = _scorer()
    gold = scorer.load_gold(gold_path)
    counts = dict.fromkeys(ERROR_CLASSES + ("other wrong speaker",), 0)
    for name, g in gold.items():
        plist = next((v for k, v in preds.items() if Path(k).name == name), [])
        located = [(p["start"], p["end"], p) for p in plist if isinstance(p.get("start"), int)]
        pairs = sorted(((scorer.overlap(s, e, gi["start"], gi["end"]) / (gi["end"] - gi["start"]),
                         i, j) for i, (s, e, _) in enumerate(located)
                        for j, gi in enumerate(g["keep"])
                        if scorer.overlap(s, e, gi["start"], gi["end"]) / (gi["end"] - gi["start"])
                        >= 0.3 and scorer.overlap(s, e, gi["start"], gi["end"]) / (e - s) >= 0.3),
                       reverse=True)
        used_p, used_g, right = set(), set(), set()
        for _, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            gi, pred = g["keep"][j], located[i][2]
            if scorer.speaker_right(pred, gi):
                right.add(j)
                continue
            said = (pred.get("speaker") or "").strip()
            words = said.split()
            names = {n.replace("-", " ") for n in gi["names"]}
            gold_words = gi["speaker"].lower().replace("-", " ").split()
            if said.lower() in names and said.lower() not in gi["names"]:
                counts["hyphenated name broken"] += 1
            elif words and any(said.lower().endswith(" " + n) for n in names) and is_title(
                    words[0]):
                counts["title left in the name"] += 1
            elif words and fold(words[-1]).rstrip("s") in CHANNEL_NOUNS | {"datum", "data"}:
                counts["document or channel as speaker"] += 1
            elif (pred.get("cue") or "").lower() in ("reported", "according to") and not (
                    gi["speaker"].startswith("Unnamed")):
                counts["outlet credited"] += 1
            elif not words or said.lower() in PRONOUNS or said[:1].islower() or words[0] in (
                    "The", "A", "An") or len(words) == 1 and fold(said) not in " ".join(
                    gold_words):
                counts["description or pronoun as speaker"] += 1
            elif set(said.lower().replace("-", " ").split()) < set(gold_words):
                counts["shortened name"] += 1
            else:
                counts["other wrong speaker"] += 1
        by_text: dict[str, list[int]] = {}
        for j, gi in enumerate(g["keep"]):
            by_text.setdefault(gi["text"], []).append(j)
        for js in by_text.values():
            if len({g["keep"][j]["speaker"] for j in js}) > 1 and not all(j in right for j in js):
                counts["joint speakers"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="seeds, dev, train, or a gold folder / JSON file")
    parser.add_argument("--out", default=None, help="prediction JSON to write")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N files")
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder keeping parsed Docs between runs (development)")
    parser.add_argument("--errors", action="store_true",
                        help="count the error classes of wrong speakers (JSON gold)")
    parser.add_argument("--pred", type=Path, default=None,
                        help="with --errors: classify this prediction file, predict nothing")
    args = parser.parse_args()
    gold = NAMED.get(args.gold, Path(args.gold))
    if args.errors and args.pred is not None:
        counts = error_classes(gold, json.loads(args.pred.read_text(encoding="utf-8")))
        for label, n in counts.items():
            print(f"{n:4d}  {label}")
        return 0
    files = text_files(gold)[: args.limit or None]
    preds, parse_s, quote_s = predict(files, args.cache)
    out = Path(args.out or f"/tmp/pred_quotes_{gold.stem}.json")
    out.write_text(json.dumps(preds, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(files)} files: load+parse {parse_s:.1f}s, quotes {quote_s:.1f}s -> {out}")
    if args.errors:
        for label, n in error_classes(gold, preds).items():
            print(f"{n:4d}  {label}")
    return subprocess.call([sys.executable, str(SCORER), str(gold), str(out)])


if __name__ == "__main__":
    sys.exit(main())

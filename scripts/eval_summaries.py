#!/usr/bin/env python3
"""Score story summaries against summaries written by people (Multi-News dev events).

Usage:
    eval_summaries.py [--data DIR] [--words 100,60] [--config FILE] [--set KEY=VALUE ...]
                      [--ablation] [--limit N]

Each event folder of ``../shared/eval/multinews-dev/clusters`` is read, cleaned and parsed
once, exactly as ``briefing summarise FOLDER`` does (one story per folder), then
summarised at each word budget (``summary.words``) and scored by
``../shared/eval/score_summaries.py`` (ROUGE F1 beside its lead and LexRank baselines),
which is run as it is. The predictions go to a temporary folder; nothing is written into
the checkout.

``--set summary.KEY=VALUE`` overrides one setting (repeatable), for a sweep.
``--ablation`` instead summarises the events under each variant of the ablation table
below (one part switched off or changed at a time) and scores them with the scorer's own
sentence split, cut and ROUGE (imported from the scorer), without its baselines, which
do not depend on the variant; run without it for the figures beside the baselines. A
variant of which sentences are candidates (``candidates.*``) reads the events again,
uncached, under its change: candidates are read once per article, at parse time.

Needs the rouge-score package (``pip install rouge-score``), as the scorer does; it is a
scripts-only dependency, not one of the project's.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.config import Settings, SummarySettings  # noqa: E402
from briefing.pipeline import path_clusters  # noqa: E402
from briefing.summarise import summarise_cluster  # noqa: E402

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
DEFAULT_DATA = EVAL / "multinews-dev"
SCORER = EVAL / "score_summaries.py"

#: name -> changes: SummarySettings fields, or "module.CONSTANT" of briefing.summarise
#: (parts with no setting of their own); each row switches one part off or swaps it
ABLATION: dict[str, dict] = {
    "full method (defaults)": {},
    "no word budget: sentence count + MMR (the old selection)": {"words": 0},
    "coverage without the sentence prior": {"prior_weight": 0.0},
    "prior without lead position and outlet support": {"lead_weight": 0.0, "support_weight": 0.0},
    "prior ranked by LexRank instead of TextRank": {"algorithm": "lexrank"},
    "concepts: words only (no bigrams)": {"bigram_share": 0.0},
    "concepts: 70% bigrams, 30% words": {"bigram_share": 0.7},
    "no cross-document support in concept weights": {"story.CROSS_DOCUMENT_SUPPORT": False},
    "concept weight linear in support (power 1, not 1.5)": {"story.SUPPORT_POWER": 1.0},
    "concept weight support squared (power 2)": {"story.SUPPORT_POWER": 2.0},
    "no bonus for sentences opening with a quotation": {"story.QUOTATION_BONUS": 0.0},
    "no penalty for a sentence leaning on the one before": {"story.NEEDS_CONTEXT_PENALTY": 0.0},
    "opener not weighted by agreement with the other leads": {"story.LEAD_AGREEMENT": 0.0},
    "paraphrases of a chosen sentence allowed (no SAME_POINT)": {"story.SAME_POINT": 1.01},
    "two leads giving one figure are not one fact": {"story.SAME_FIGURE_SIMILARITY": 1.01},
    "leads taken for titles not used": {"titles.LEAD_TITLE_WORDS": 10**6},
    "appeal/credit test on whole long paragraphs": {"candidates.CAPTION_WORDS": 10**6},
    "a quotation said by a pronoun may stand anywhere": {"context._SPEAKER_PRONOUNS": frozenset()},
    "a short form of a name before the full name allowed": {"story.NAME_BEFORE_SHORT_FORM": False},
    "wire datelines kept ('PARIS (Reuters) - ')": {"datelines.WIRE_DATELINE": re.compile("(?!)")},
    "title-case headlines run into the text kept": {"candidates.HEADLINE_RUN_WORDS": 10**6},
}


#: modules whose constants decide what is read from an article once, at parse time (and
#: kept in the analysis cache): a variant changing one reads the articles again
PARSE_TIME_MODULES = ("candidates", "context", "datelines", "titles")


@contextmanager
def patched(changes: dict):
    """Set the "module.CONSTANT" entries of ``changes`` for the block; yield the rest."""
    saved = []
    for key in [k for k in changes if "." in k]:
        place, name = key.split(".")
        try:  # a module of the summarise stage, or one it shares ("datelines")
            module = importlib.import_module(f"briefing.summarise.{place}")
        except ModuleNotFoundError:
            module = importlib.import_module(f"briefing.{place}")
        saved.append((module, name, getattr(module, name)))
        setattr(module, name, changes[key])
    try:
        yield {k: v for k, v in changes.items() if "." not in k}
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def _value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def overrides(pairs: list[str]) -> dict:
    changes = {}
    names = {f.name for f in fields(SummarySettings)}
    for pair in pairs:
        key, _, value = pair.partition("=")
        key = key.removeprefix("summary.")
        if key not in names or not _:
            raise SystemExit(f"--set: expected summary.KEY=VALUE with KEY one of "
                             f"{', '.join(sorted(names))}, got {pair!r}")
        changes[key] = _value(value)
    return changes


def predictions(clusters: dict, summary: SummarySettings) -> tuple[dict, float]:
    """``briefing summarise --json`` output for every event, and seconds spent."""
    started = time.perf_counter()
    out = {}
    for path, cluster in clusters.items():
        sentences = summarise_cluster(cluster, summary)
        out[path] = {"headline": cluster.headline,
                     "summary": [{"text": s.text, "article_ids": s.article_ids} for s in sentences]}
    return out, time.perf_counter() - started


def run_scorer(data: Path, pred: dict, words: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "pred.json")
        path.write_text(json.dumps(pred), encoding="utf-8")
        done = subprocess.run([sys.executable, str(SCORER), str(data / "clusters"),
                               str(data / "summaries.json"), str(path), "--words", str(words)],
                              capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{SCORER}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def load_scorer():
    spec = importlib.util.spec_from_file_location("score_summaries", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def system_rouge(scorer_module, gold: dict, pred: dict, words: int) -> dict[str, float]:
    """The scorer's own figures for the system row only (same split, cut and ROUGE)."""
    from rouge_score import rouge_scorer

    rouge = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    by_id = {Path(k).name: [s["text"] for s in v["summary"]] for k, v in pred.items()}
    rows = []
    for cid in sorted(by_id):
        text = scorer_module.cut(scorer_module.sentences("\n".join(by_id[cid])), words)
        score = rouge.score(gold[cid], text)
        rows.append({m: score[m].fmeasure for m in ("rouge1", "rouge2", "rougeL")})
    return {m: statistics.mean(r[m] for r in rows) for m in ("rouge1", "rouge2", "rougeL")}


def mean_words(pred: dict) -> float:
    return statistics.mean(sum(len(s["text"].split()) for s in v["summary"]) for v in pred.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", default="100,60", help="comma-separated word budgets")
    parser.add_argument("--config", type=Path, help="TOML settings file")
    parser.add_argument("--set", action="append", default=[], metavar="summary.KEY=VALUE")
    parser.add_argument("--ablation", action="store_true")
    parser.add_argument("--limit", type=int, help="only the first N events (quick looks)")
    args = parser.parse_args()
    try:
        import rouge_score  # noqa: F401
    except ImportError:
        raise SystemExit("needs the rouge-score package: pip install rouge-score")
    folders = sorted(p for p in (args.data / "clusters").iterdir() if p.is_dir())[:args.limit]
    if not folders:
        raise SystemExit(f"no event folders in {args.data / 'clusters'}")
    from briefing.config import load_settings
    settings: Settings = load_settings(args.config) if args.config else Settings()
    base = replace(settings.summary, **overrides(args.set))
    budgets = [int(w) for w in args.words.split(",")]
    started = time.perf_counter()
    clusters = path_clusters([str(f) for f in folders], settings,
                             lambda step: print(step, file=sys.stderr))
    print(f"read, cleaned and parsed {len(folders)} events in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    has_words = "words" in {f.name for f in fields(SummarySettings)}
    if args.ablation:
        scorer_module = load_scorer()
        gold = json.loads((args.data / "summaries.json").read_text(encoding="utf-8"))
        gold = {k: v for k, v in gold.items() if k in {f.name for f in folders}}
        print(f"| variant | " + " | ".join(f"R1@{w} | R2@{w}" for w in budgets) + " | words |")
        print("|---|" + "---|---|" * len(budgets) + "---|")
        for name, changes in ABLATION.items():
            cells, lengths = [], []
            variant = clusters
            if any(k.split(".")[0] in PARSE_TIME_MODULES for k in changes):
                # which sentences are candidates is read once per article, at parse time
                # (and kept in the analysis cache): read them again under the change
                uncached = replace(settings, parse=replace(settings.parse, cache_mb=0))
                with patched(changes):
                    variant = path_clusters([str(f) for f in folders], uncached)
            for words in budgets:
                with patched(changes) as fields_changed:
                    summary = replace(base, **({"words": words} if has_words else {}))
                    summary = replace(summary, **fields_changed)
                    pred, _ = predictions(variant, summary)
                r = system_rouge(scorer_module, gold, pred, words)
                cells.append(f"{r['rouge1']:.4f} | {r['rouge2']:.4f}")
                lengths.append(f"{mean_words(pred):.0f}")
            print(f"| {name} | " + " | ".join(cells) + f" | {'/'.join(lengths)} |", flush=True)
        return 0
    if args.limit:
        raise SystemExit("--limit works with --ablation only: the scorer wants every event")
    for words in budgets:
        summary = replace(base, words=words) if has_words else base
        pred, seconds = predictions(clusters, summary)
        print(f"--words {words}: summaries average {mean_words(pred):.1f} words "
              f"({seconds:.1f} s to summarise {len(pred)} events)")
        print(run_scorer(args.data, pred, words), end="", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

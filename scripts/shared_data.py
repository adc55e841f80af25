"""Where the evaluation data is: ``../shared`` beside the checkout, read at run time.

The texts are copyrighted news and never copied into the repository; every script finds
them here, so a checkout anywhere (CI clones into another folder) finds its own copy.
"""
from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def polnear_texts(split: str, limit: int = 0) -> list[Path]:
    """The sorted PolNeAR texts of ``split`` ("dev" or "train"), at most ``limit`` of them
    (0: all); an empty list when the data is not beside the checkout."""
    folder = SHARED / "eval" / "polnear" / split / "text"
    return sorted(folder.glob("*.txt"))[: limit or None] if folder.is_dir() else []

"""Shared fixtures: the repository's paths and the read-only evaluation data beside it."""
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def seeds_gold() -> dict:
    import json
    path = SHARED / "gold" / "seeds_gold.json"
    if not path.exists():
        pytest.skip(f"gold annotation not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))

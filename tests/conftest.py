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


@pytest.fixture(scope="session")
def _session_parse_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("parse-cache")


@pytest.fixture(autouse=True)
def _parse_cache_out_of_the_repo(monkeypatch, _session_parse_cache) -> None:
    """Builds under test share one parse cache of their own, not ./data/parse-cache
    (a setting that names a folder still wins)."""
    import briefing.parse_cache as parse_cache

    real = parse_cache.cache_folder
    monkeypatch.setattr(parse_cache, "cache_folder", lambda settings: (
        real(settings) if settings.parse.cache_dir else _session_parse_cache))

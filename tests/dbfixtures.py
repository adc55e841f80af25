"""Store URLs for the store tests: SQLite always, PostgreSQL when BRIEFING_TEST_PG_URL is set.

Each PostgreSQL test gets its own schema (dropped afterwards), so tests never see each
other's rows and the database needs no cleaning between runs.
"""
from __future__ import annotations

import os
import uuid

import pytest

PG_URL = os.environ.get("BRIEFING_TEST_PG_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'briefing.db'}"
        return
    if not PG_URL:
        pytest.skip("BRIEFING_TEST_PG_URL is not set (.ci/run sets it)")
    from sqlalchemy import create_engine, text
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()

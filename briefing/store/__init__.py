"""The store: what has been collected, from where, what each briefing included, and what
was delivered.

- :mod:`.core`: the articles, entries, feeds and runs tables and the :class:`Store`;
- :mod:`.outbox`: the editions built for delivery and one delivery row per target;
- :mod:`.locking`: one collect, build or delivery at a time per store;
- :mod:`.backup`: ``briefing store backup`` and ``restore`` of a SQLite store.
"""
from .core import (MIGRATIONS, READ_IN_PART, SCHEMA_VERSION, ArticleContent, FeedState, LeftOutFile,
                   PendingEntry, RetryEntry,
                   ShownStory, SourceCopy, Store, StoreDamaged, StoredArticle, StoreError, backups_of,
                   canonical_url, content_hash, database_url, make_engine, overlap,
                   damaged_store_error, sqlite_path, text_minhash, utcnow)
from .outbox import Delivery, EditionRecord, Outbox  # registers the outbox tables

__all__ = ["MIGRATIONS", "READ_IN_PART", "SCHEMA_VERSION", "ArticleContent", "Delivery", "EditionRecord",
           "FeedState", "LeftOutFile", "Outbox", "PendingEntry", "RetryEntry", "ShownStory", "SourceCopy", "Store",
           "StoreDamaged", "StoreError", "StoredArticle", "backups_of", "canonical_url", "content_hash",
           "damaged_store_error", "database_url", "make_engine", "overlap", "sqlite_path", "text_minhash", "utcnow"]

"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/`` create them.

A test compares this metadata with a freshly migrated database, so the two cannot drift.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("url", Text, index=True),
    Column("outlet", Text, index=True),
    Column("outlet_kind", String(32)),
    Column("outlet_country", String(8)),
    Column("outlet_state", String(8)),
    Column("title", Text),
    Column("published_at", DateTime(timezone=True), index=True),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("retrieved_at", DateTime(timezone=True), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("location", Text, nullable=False),
    Column("previous_version", String(40), ForeignKey("documents.id"), index=True),
    Column("syndication_group", String(40), index=True),
    Column("wire_origin", Text),
    Column("shingles", Integer, nullable=False),
    Column("minhash", LargeBinary, nullable=False),
)

# Every sighting of a document: the same text seen under another URL, outlet or file is
# one document (its id is the text's hash) but every place it ran is kept ("" for none),
# so a user sees all the outlets that carried a story, not just the first one stored.
sightings = Table(
    "sightings",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("url", Text, primary_key=True),
    Column("outlet", Text, primary_key=True),
    Column("published_at", DateTime(timezone=True)),
    Column("location", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("key", BigInteger, primary_key=True),
    Column(
        "document_id",
        String(40),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
Index("ix_lsh_bands_document_id", lsh_bands.c.document_id)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("line", Integer),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("canonical", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("side", String(64), nullable=False),
    Column("conflict", String(64)),
    Column("registry", Boolean, nullable=False),
    Column("first_document", String(40), ForeignKey("documents.id", ondelete="SET NULL")),
)
Index("ix_actors_canonical", actors.c.canonical)

claims = Table(
    "claims",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("sentence", Text, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("source_text", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("actor_id", String(40), ForeignKey("actors.id")),
    Column("source_canonical", Text),
    Column("source_kind", String(32), nullable=False),
    Column("source_side", String(64), nullable=False),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("stance", String(16), nullable=False),
    Column("quote", String(16)),
    Column("channel", Text),
    Column("chain", JSON, nullable=False),
    Column("hedges", JSON, nullable=False),
    Column("attributed", Boolean, nullable=False),
    Column("extractor", String(64), nullable=False),
)
Index("ix_claims_document_id", claims.c.document_id)
Index("ix_claims_actor_id", claims.c.actor_id)
Index("ix_claims_source_canonical", claims.c.source_canonical)

places = Table(
    "places",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("name", Text),
    Column("geonames_id", BigInteger),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("feature", String(32)),
    Column("reason", Text),
)
Index("ix_places_geonames_id", places.c.geonames_id)

events = Table(
    "events",
    metadata,
    Column("claim_id", String(40), ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("n", SmallInteger, primary_key=True),
    Column("document_id", String(40), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("agent_text", Text),
    Column("agent", Text),
    Column("agent_side", String(64)),
    Column("target", Text),
    Column("target_side", String(64)),
    Column("facility", Text),
    Column("place_name", Text),
    Column("geonames_id", BigInteger),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_text", Text),
    Column("time_start", DateTime(timezone=True)),
    Column("time_end", DateTime(timezone=True)),
    Column("time_text", Text),
    Column("time_granularity", String(16)),
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("count", Integer),
)
Index("ix_events_document_id", events.c.document_id)
Index("ix_events_geonames_id", events.c.geonames_id)
Index("ix_events_type", events.c.type)

# A person's verdict on a proposition. Kept apart from the machine's status on purpose: only
# these rows become schema.org ClaimReviews on export, because a computed status is not a
# fact-checker's rating. Keyed by proposition id (content-derived, see reconcile/cluster.py);
# a proposition whose evidence later moves its valid start gets a new id and no review.
PROPOSITION_ID_LENGTH = 40
reviews = Table(
    "reviews",
    metadata,
    Column("proposition_id", String(PROPOSITION_ID_LENGTH), primary_key=True),
    Column("rating", String(32), nullable=False),
    Column("rating_value", SmallInteger),
    Column("reviewer", Text, nullable=False),
    Column("note", Text),
    Column("reviewed_at", DateTime(timezone=True), nullable=False),
    # what was reviewed, so the review follows its proposition when new evidence moves the
    # island's start and with it the id (migration 0007; null in older rows)
    Column("family", String(16)),
    Column("geonames_id", BigInteger),
    Column("facility", Text),
    Column("side", String(64)),
    Column("valid_from", DateTime(timezone=True)),
    Column("valid_to", DateTime(timezone=True)),
)

# The current state, materialized (reconcile/materialize.py): each proposition's JSON and
# each place's control timeline as of the last refresh, so that a read at a million claims
# is an index lookup rather than a reconcile. Triggers on ``events`` (migration 0005) keep
# ``stale_places`` listing the places whose rows are out of date (``version`` grows with
# every change, so a refresh can tell whether a place moved while it was computing), and
# ``place_names`` every spelling a place was reported under, for name lookups. Readers
# compute stale places live, so no read is ever behind the store.
SORT_KEY = Text().with_variant(Text(collation="C"), "postgresql")  # code-point order, as Python's
proposition_cache = Table(
    "proposition_cache",
    metadata,
    Column("id", String(PROPOSITION_ID_LENGTH), primary_key=True),
    Column("geonames_id", BigInteger, nullable=False),
    Column("family", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("sort_key", SORT_KEY, nullable=False),
    Column("body", Text, nullable=False),
)
Index("ix_proposition_cache_geonames_id", proposition_cache.c.geonames_id)
Index("ix_proposition_cache_sort_key", proposition_cache.c.sort_key)
Index("ix_proposition_cache_status", proposition_cache.c.status, proposition_cache.c.sort_key)

timeline_cache = Table(
    "timeline_cache",
    metadata,
    Column("geonames_id", BigInteger, primary_key=True),
    Column("body", Text, nullable=False),
)

stale_places = Table(
    "stale_places",
    metadata,
    Column("geonames_id", BigInteger, primary_key=True),
    Column("version", BigInteger, nullable=False),
)

place_names = Table(
    "place_names",
    metadata,
    Column("geonames_id", BigInteger, primary_key=True),
    Column("name", Text, primary_key=True),
)

# What ``watch`` last heard from each feed (ingest/watch.py): the HTTP validators of the
# last answer, or a local file's size and modification time, saved once the entries they
# cover are stored, so a restarted or cron-driven (``--once``) watch asks only for changes.
feed_state = Table(
    "feed_state",
    metadata,
    Column("feed", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("file_size", BigInteger),
    Column("file_mtime_ns", BigInteger),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

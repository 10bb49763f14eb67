"""The small store of the export tests, written through the store's own functions (no spaCy).

Invented conflict, in our own words: the Coast Rebels (opposition) against Lagoonia's
government over the port town of Kerewa (an invented place, GeoNames id 9990001, placed in
Sudan so that the country has a name). Harbour Times carries the rebels' claim that they
took the town, behind a formula that a spreadsheet would run; the Lagoonia Ministry of
Defence denies it on Lagoon Radio; the Harbour Monitor reports shelling, and counts of the
dead (12, then 9) and wounded (30); the rebels threaten the inland town of Maro, which
has no coordinates.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from claimgraph.ingest.syndication import fingerprint
from claimgraph.model import ActorRef, Claim, Document, Event, SourceRef
from claimgraph.settings import Settings
from claimgraph.store import claims as claim_store
from claimgraph.store import queries
from claimgraph.store.engine import open_store

T0 = datetime(2025, 5, 2, 8, 0, tzinfo=UTC)
KEREWA = {"name": "Kerewa", "geonames_id": 9990001, "country": "SD", "lat": 12.25, "lon": -3.5, "text": "Kerewa"}
MARO = {"name": "Maro", "geonames_id": 9990002, "country": "SD", "lat": None, "lon": None, "text": "Maro"}
REBELS = ActorRef("the rebels", "Coast Rebels", "opposition")
FORMULA = '=HYPERLINK("http://evil.example/x","Kerewa") - the Coast Rebels said they had taken Kerewa.'

DOCS = [
    ("d-times", "Harbour Times", "https://harbourtimes.example/kerewa", 0, FORMULA),
    ("d-radio", "Lagoon Radio", "https://lagoonradio.example/denial", 4,
     'The ministry denied that Kerewa had fallen, calling the "rumours, lies, and worse"\nbaseless.'),
    ("d-monitor", "@Harbour Monitor", None, 24,
     "The monitor said artillery shelling hit Kerewa; it counted 12 killed, later 9 deaths, and 30 wounded."),
    ("d-maro", "Harbour Times", "https://harbourtimes.example/maro", 30,
     "The rebels threatened to march on Maro\u2028next week."),
]


def _claim(cid: str, doc: str, source: SourceRef, stance: str, *events: Event, sentence: str | None = None) -> Claim:
    text = sentence or next(d[4] for d in DOCS if d[0] == doc)
    return Claim(
        id=cid, document_id=doc, sentence=text, sentence_span=(0, len(text)), span=(0, len(text)),
        evidence=text, source=source, cue="said", cue_span=None, stance=stance, quote="indirect",
        channel=None, chain=(source.text or "", "outlet"), attributed=True, extractor="test@1", events=events,
    )


def _event(kind: str, place: dict, trigger: str, day: int = 1, count: int | None = None,
           agent: ActorRef | None = REBELS, modality: str = "claimed") -> Event:
    start = datetime(2025, 5, day, tzinfo=UTC)
    return Event(kind, modality, agent, None, None, dict(place),
                 {"start": start, "end": start + timedelta(days=1), "text": None, "granularity": "day"},
                 trigger, None, count)


def build(url: str) -> Engine:
    """The scenario's store at ``url`` (a fresh database)."""
    engine = open_store(url)
    rebels = SourceRef("the Coast Rebels", (0, 10), "Coast Rebels", "armed_group", "opposition")
    ministry = SourceRef("The ministry", (0, 12), "Lagoonia Ministry of Defence", "government", "government")
    monitor = SourceRef("The monitor", (0, 11), "Harbour Monitor", "monitor", "monitor")
    claims = [
        _claim("c-take", "d-times", rebels, "assert", _event("CONTROL", KEREWA, "taken")),
        _claim("c-deny", "d-radio", ministry, "deny", _event("CONTROL", KEREWA, "fallen")),
        _claim("c-shell", "d-monitor", monitor, "assert", _event("ATTACK", KEREWA, "shelling")),
        _claim("c-dead", "d-monitor", monitor, "assert",
               _event("CASUALTIES", KEREWA, "killed", count=12, agent=None),
               _event("CASUALTIES", KEREWA, "deaths", count=9, agent=None),
               _event("CASUALTIES", KEREWA, "wounded", count=30, agent=None)),
        _claim("c-maro", "d-maro", rebels, "assert", _event("STATEMENT", MARO, "threatened", day=9)),
    ]
    with engine.begin() as conn:
        docs = [
            Document(doc_id, text, url_, outlet, f"{outlet} report", T0 + timedelta(hours=h), "en", T0, f"{doc_id}.txt")
            for doc_id, outlet, url_, h, text in DOCS
        ]
        queries.insert_documents(conn, [(d, fingerprint(d.text, Settings())) for d in docs], T0)
        claim_store.insert_claims(conn, claims, {})
        claim_store.insert_places(conn, "d-times", [{**KEREWA, "span": [60, 66], "feature": "city", "reason": "test"}])
    return engine

from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from claimgraph.ingest.syndication import fingerprint
from claimgraph.model import Claim, Document, Hedge, SourceRef
from claimgraph.settings import Settings
from claimgraph.store import claims as claim_store
from claimgraph.store import queries
from claimgraph.store.engine import open_store
from claimgraph.store.schema import actors, claims, documents

NOW = datetime(2025, 3, 11, 9, 0, tzinfo=UTC)


def _doc(doc_id: str, text: str) -> Document:
    return Document(doc_id, text, None, "Sahel Post", None, NOW, "en", NOW, "t.txt")


def _claim(doc_id: str, claim_id: str, canonical: str | None, stance: str = "assert") -> Claim:
    return Claim(
        id=claim_id,
        document_id=doc_id,
        sentence="The army said the bridge was open.",
        sentence_span=(0, 34),
        span=(14, 33),
        evidence="the bridge was open",
        source=SourceRef("The army", (0, 8), canonical, "military", "government", True),
        cue="said",
        cue_span=(9, 13),
        stance=stance,
        quote="indirect",
        channel="statement",
        chain=("The army", "Sahel Post"),
        attributed=True,
        extractor="claimgraph.attribution@1",
        hedges=(Hedge("This could not be verified.", (35, 62)),),
    )


def test_claims_round_trip_and_actors_are_shared(db_url: str) -> None:
    engine = open_store(db_url)
    text = "The army said the bridge was open. This could not be verified."
    with engine.begin() as conn:
        docs = [_doc("d1", text), _doc("d2", text + " More.")]
        queries.insert_documents(conn, [(d, fingerprint(d.text, Settings())) for d in docs], NOW)
        new = claim_store.insert_claims(
            conn,
            [_claim("d1", "c1", "Sudanese Armed Forces"), _claim("d2", "c2", "Sudanese Armed Forces", "deny")],
            {"d1": "sudan", "d2": "sudan"},
        )
        again = claim_store.insert_claims(conn, [_claim("d1", "c1", "Sudanese Armed Forces")], {})
    assert (new, again) == (2, 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(actors)).scalar_one() == 1
        (row,) = conn.execute(select(actors)).mappings()
        assert (row["canonical"], row["conflict"], row["registry"]) == ("Sudanese Armed Forces", "sudan", True)
        listed = claim_store.list_claims(conn, source="armed forces")
        denials = [c for c in listed if c["stance"] == "deny"]
    assert [c["id"] for c in listed] == ["c1", "c2"] and [c["id"] for c in denials] == ["c2"]
    first = listed[0]
    assert first["span"] == [14, 33] and first["chain"] == ["The army", "Sahel Post"]
    assert first["hedges"] == [{"text": "This could not be verified.", "span": [35, 62]}]
    assert first["source"] == {
        "text": "The army", "span": [0, 8], "canonical": "Sudanese Armed Forces",
        "kind": "military", "side": "government",
    }
    assert text[first["span"][0] : first["span"][1]] == first["evidence"]
    engine.dispose()


def test_deleting_a_document_removes_its_claims(db_url: str) -> None:
    engine = open_store(db_url)
    with engine.begin() as conn:
        doc = _doc("d9", "The army said the bridge was open.")
        queries.insert_documents(conn, [(doc, fingerprint(doc.text, Settings()))], NOW)
        claim_store.insert_claims(conn, [_claim("d9", "c9", None)], {})
    with engine.begin() as conn:
        conn.execute(delete(documents).where(documents.c.id == "d9"))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(claims)).scalar_one() == 0
    engine.dispose()

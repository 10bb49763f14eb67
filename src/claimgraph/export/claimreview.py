"""``--format claimreview``: schema.org ``Claim`` and ``ClaimReview`` as JSON-LD.

One ``@graph`` with:

- a ``Claim`` per independent source of each proposition (one vote in reconcile's terms,
  so fifty copies of one wire story are one Claim with fifty appearances): ``author`` the
  source (a Person for people, anonymous officials and witnesses, else an Organization),
  ``datePublished`` its first report, ``appearance`` the documents that carried it as
  ``CreativeWork`` (URL, headline, outlet as publisher), ``firstAppearance`` the earliest,
  ``text`` the sentence it was taken from and ``description`` what it says about the
  proposition (asserts, suggests or denies);
- a ``ClaimReview`` only for a proposition that a person has reviewed
  (``claimgraph review``): its ``reviewRating`` is the reviewer's rating on the 1-5 scale
  of :mod:`claimgraph.store.reviews` (``alternateName`` the rating's name; no
  ``ratingValue`` for "unproven"), its ``itemReviewed`` the Claim of the source that first
  asserted the proposition. The machine's status is never published as a rating: a
  weight of evidence is not a fact-checker's verdict, and ClaimReview consumers (search
  engines, fact-check aggregators) show ratings as verdicts.

Nodes get ``urn:claimgraph:…`` identifiers, because claimgraph has no public URL of its
own; ``Claim`` and ``ClaimReview`` are otherwise as schema.org and Google's fact-check
markup describe them.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from claimgraph.export.records import PERSON_KINDS, Records, first_claim, summary
from claimgraph.reconcile.status import Proposition
from claimgraph.store.reviews import BEST_RATING, WORST_RATING

CONTEXT = "https://schema.org"
_SAYS = {"assert": "asserts", "hedge": "suggests", "deny": "denies"}


def claim_node_id(proposition_id: str, n: int) -> str:
    """The @id of the Claim of a proposition's ``n``-th source."""
    return f"urn:claimgraph:proposition:{proposition_id}:source:{n}"


def graph(records: Records) -> dict[str, Any]:
    """The JSON-LD document as one JSON-ready dict."""
    nodes: list[dict[str, Any]] = []
    for p in records.propositions:
        claims = _claims(records, p)
        nodes.extend(claims)
        review = records.reviews.get(p.cluster.id)
        if review and claims:
            nodes.append(_claim_review(records, p, review, claims))
    return {"@context": CONTEXT, "@graph": nodes}


def _claims(records: Records, p: Proposition) -> list[dict[str, Any]]:
    said = summary(p)
    out = []
    for n, source in enumerate(records.proposition_dicts[p.cluster.id]["sources"]):
        docs = [records.document_by_id[d] for d in source["documents"] if d in records.document_by_id]
        docs.sort(key=lambda d: (d["published_at"] is None, d["published_at"] or "", d["id"]))
        node: dict[str, Any] = {
            "@type": "Claim",
            "@id": claim_node_id(p.cluster.id, n),
            "author": {"@type": "Person" if source["kind"] in PERSON_KINDS else "Organization", "name": source["name"]},
            "description": f"{source['name']} {_SAYS.get(source['stance'], 'says')}: {said}",
        }
        if first := first_claim(records, source["claims"]):
            node["text"] = first["sentence"]
        if source["first_reported"]:
            node["datePublished"] = source["first_reported"]
        if docs:
            node["appearance"] = [_creative_work(d) for d in docs]
            node["firstAppearance"] = node["appearance"][0]
        out.append(node)
    return out


def _creative_work(doc: dict[str, Any]) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "@id": f"urn:claimgraph:document:{doc['id']}"}
    if doc.get("url"):
        work["url"] = doc["url"]
    if doc.get("title"):
        work["headline"] = doc["title"]
    if doc.get("published_at"):
        work["datePublished"] = doc["published_at"]
    if doc.get("outlet"):
        work["publisher"] = {"@type": "Organization", "name": doc["outlet"]}
    return work


def _claim_review(
    records: Records, p: Proposition, review: dict[str, Any], claims: list[dict[str, Any]]
) -> dict[str, Any]:
    """The person's review of ``p``, about the Claim of its first asserting source."""
    sources = records.proposition_dicts[p.cluster.id]["sources"]
    origin = next((n for n, s in enumerate(sources) if s["stance"] != "deny"), 0)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": review["rating"]}
    if review["rating_value"] is not None:
        rating.update(ratingValue=review["rating_value"], bestRating=BEST_RATING, worstRating=WORST_RATING)
    node: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"urn:claimgraph:review:{p.cluster.id}",
        "claimReviewed": summary(p),
        "itemReviewed": {"@id": claims[origin]["@id"]},
        "reviewRating": rating,
        "author": {"@type": "Person", "name": review["reviewer"]},
        "datePublished": review["reviewed_at"],
    }
    if review.get("note"):
        node["reviewBody"] = review["note"]
    return node


# Publishers embed JSON-LD in <script type="application/ld+json">: article text must not
# close that element or open another, so these characters go out as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_safe_json(doc: Any) -> str:
    """JSON text that is safe inside an HTML <script> element, and still the same JSON."""
    return json.dumps(doc, ensure_ascii=False, indent=2).translate(_SCRIPT_SAFE)


def write(records: Records, out: TextIO) -> int:
    """Write the JSON-LD; returns the number of nodes written (Claims and ClaimReviews)."""
    doc = graph(records)
    out.write(script_safe_json(doc))
    out.write("\n")
    return len(doc["@graph"])

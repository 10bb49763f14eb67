"""Wire copies: MinHash signatures over word shingles, LSH band keys, and credit lines.

Documents in one syndication group count as ONE source of evidence downstream. Two
signals feed it: near-duplicate text (MinHash via datasketch, banded so that candidates
are found by an indexed lookup in the store rather than pairwise comparison), and credit
lines naming a wire agency ("(Reuters) -", "— AFP", "With inputs from agencies").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from claimgraph.ingest.outlets import OutletRegistry, registry
from claimgraph.settings import Settings

_WORD = re.compile(r"\w+", re.UNICODE)
_HEAD = 400  # credit lines sit in the dateline...
_TAIL = 400  # ...or the sign-off
_SEED = 1  # fixed so that signatures from different runs and processes compare


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the store keeps to find copies of a document later."""

    signature: bytes
    shingles: int
    bands: tuple[tuple[int, int], ...]

    def values(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype=np.uint64)


def shingles(text: str, size: int, max_words: int) -> set[bytes]:
    """Lower-cased word n-grams of the first ``max_words`` words."""
    words = [w.casefold() for w in _WORD.findall(text)[:max_words]]
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def band_layout(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's LSH picks for this threshold and permutation count."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def fingerprint(text: str, settings: Settings) -> Fingerprint:
    """MinHash signature and LSH band keys of a text."""
    grams = shingles(text, settings.shingle_size, settings.max_shingle_words)
    permutations, scheme = _permutations(settings.minhash_perm)
    mh = MinHash(num_perm=settings.minhash_perm, seed=_SEED, permutations=permutations, scheme=scheme)
    mh.update_batch(list(grams))
    values = mh.hashvalues.astype(np.uint64)
    return Fingerprint(values.tobytes(), len(grams), band_keys(values, settings))


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[Any, Any]:
    """The seeded permutations and their hashing scheme, drawn once: datasketch draws them
    again for every MinHash it builds, which cost the ingest's parent about half a
    millisecond per document."""
    drawn = MinHash(num_perm=num_perm, seed=_SEED)
    return drawn.permutations, drawn.scheme


def band_keys(values: np.ndarray, settings: Settings) -> tuple[tuple[int, int], ...]:
    """(band, key) pairs of a signature: documents sharing one are copy candidates.

    Candidates are searched with a lower threshold than the one that decides, so that
    edited copies (a trimmed paragraph, a new headline) are still looked at.
    """
    b, r = band_layout(max(0.2, settings.syndication_threshold - 0.2), settings.minhash_perm)
    return tuple((i, _band_key(values[i * r : (i + 1) * r])) for i in range(b))


def _band_key(rows: np.ndarray) -> int:
    digest = hashlib.blake2b(rows.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def similarity(a: Fingerprint, b_signature: bytes, b_shingles: int) -> tuple[float, float]:
    """Estimated Jaccard similarity and containment (of the smaller text in the larger)."""
    other = np.frombuffer(b_signature, dtype=np.uint64)
    if other.shape != a.values().shape:
        return 0.0, 0.0
    jaccard = float(np.mean(a.values() == other))
    smaller = min(a.shingles, b_shingles)
    if smaller == 0:
        return jaccard, 0.0
    overlap = jaccard * (a.shingles + b_shingles) / (1 + jaccard)
    return jaccard, min(1.0, overlap / smaller)


def is_copy(jaccard: float, containment: float, settings: Settings) -> bool:
    """Copies share most shingles, or one is a trimmed version of the other."""
    return jaccard >= settings.syndication_threshold or containment >= 0.8


@lru_cache(maxsize=4)
def _credit_patterns(names: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return (
        re.compile(rf"\((?P<w>{alt})\)\s*[-–—:]", re.IGNORECASE),
        re.compile(rf"[-–—]\s*(?P<w>{alt})\s*\.?\s*$", re.IGNORECASE),
        re.compile(rf"\b(?P<w>{alt})\s+(?:reported|reports)\s*\.(?:\s|$)", re.I | re.M),
        re.compile(rf"\bwith (?:additional )?(?:inputs|reporting) from (?P<w>{alt}|agencies)\b", re.I),
        re.compile(rf"^\s*\(?(?:source|credit)s?:\s*(?P<w>{alt}|agencies)\b", re.I | re.M),
    )


def wire_origin(text: str, outlets: OutletRegistry | None = None) -> str | None:
    """The wire agency a text credits in its dateline or sign-off, or ``"agencies"``."""
    outlets = outlets or registry()
    names = tuple(sorted({n for o in outlets.wires() for n in (o.name, *o.aliases)}))
    head, tail = text[:_HEAD], text[-_TAIL:]
    for pattern in _credit_patterns(names):
        for part in (head, tail):
            found = pattern.search(part)
            if found:
                credited = found.group("w")
                wire = outlets.by_name(credited)
                return wire.name if wire else credited.lower()
    return None


@dataclass(frozen=True, slots=True)
class Known:
    """A document already grouped: stored, or earlier in the same batch."""

    id: str
    group: str
    signature: bytes
    shingles: int


def assign_groups(
    batch: list[tuple[str, Fingerprint]], stored: list[Known], settings: Settings
) -> dict[str, str]:
    """The syndication group of each new document, in batch order.

    A document joins the group of its most similar copy among the stored documents and
    the earlier documents of the batch; with no copy it starts a group named after itself.
    """
    # Only the batch's own band keys are ever looked up: indexing every band of every stored
    # candidate (37 tuples each) made a batch's memory grow with the candidates it met.
    wanted = {band for _doc_id, fp in batch for band in fp.bands}
    by_band: dict[tuple[int, int], list[Known]] = {}
    for known in stored:
        for band in band_keys(np.frombuffer(known.signature, dtype=np.uint64), settings):
            if band in wanted:
                by_band.setdefault(band, []).append(known)
    groups: dict[str, str] = {}
    for doc_id, fp in batch:
        seen: dict[str, Known] = {}
        for band in fp.bands:
            for known in by_band.get(band, ()):
                seen.setdefault(known.id, known)
        group, best = doc_id, 0.0
        for known in seen.values():
            jaccard, containment = similarity(fp, known.signature, known.shingles)
            score = max(jaccard, containment)
            if is_copy(jaccard, containment, settings) and score > best:
                group, best = known.group, score
        groups[doc_id] = group
        me = Known(doc_id, group, fp.signature, fp.shingles)
        for band in fp.bands:
            by_band.setdefault(band, []).append(me)
    return groups


def copy_test(batch: list[tuple[str, Fingerprint]], settings: Settings) -> Callable[[bytes, int], bool]:
    """Whether a stored signature (with its shingle count) is a copy of a document of
    ``batch`` that shares a band key with it: the only stored documents that
    :func:`assign_groups` can join a document to.

    The stored documents that share some band key with a batch grow in number with the store
    (LSH finds weakly similar texts too), so they are tested as they are read and only
    copies are kept: what a batch holds stays bounded by the batch, not by the store
    (bench/scale.py, memory).
    """
    by_band: dict[tuple[int, int], list[Fingerprint]] = {}
    for _doc_id, fp in batch:
        for band in fp.bands:
            by_band.setdefault(band, []).append(fp)

    def test(signature: bytes, n_shingles: int) -> bool:
        tried: set[int] = set()
        for band in band_keys(np.frombuffer(signature, dtype=np.uint64), settings):
            for fp in by_band.get(band, ()):
                if id(fp) not in tried:
                    tried.add(id(fp))
                    if is_copy(*similarity(fp, signature, n_shingles), settings):
                        return True
        return False

    return test

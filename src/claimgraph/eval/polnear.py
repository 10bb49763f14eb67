"""Read PolNeAR (Newell, Margolin & Ruths, LREC 2018) into records for evaluation.

PolNeAR ships one plain-text file per article under ``<split>/text/<name>.txt`` and brat
standoff annotations under ``<split>/attributions/<name>_<annotator>.ann``. A few articles
were annotated by several annotators (agreement checks); one annotation is kept per
article, the one whose annotator id sorts first, so that gold is deterministic.

Only the three roles of an attribution are kept: ``Source``, ``Cue`` and ``Content``
become ``SOURCE``, ``CUE`` and ``CONTENT``. ``Attribution``/``Attribution-no-source``
trigger spans, ``Discard``/``Discuss`` spans and annotator notes are skipped. A
text-bound span may be discontinuous (``start end;start end``): it is kept as one
:class:`GoldSpan` with several fragments. The event line
``E1 Attribution:T4 Content:T3 Cue:T2 Source:T1`` gives each role its attribution id.

PolNeAR's licence is not stated by its authors; use it for research only and never
copy its text into this repository.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError

log = logging.getLogger(__name__)

LABELS = ("SOURCE", "CUE", "CONTENT")
BRAT_LABELS = {"Source": "SOURCE", "Cue": "CUE", "Content": "CONTENT"}
SPLITS = ("train", "dev")
ENV_DIR = "CLAIMGRAPH_POLNEAR_DIR"
# beside a source checkout, like tests/conftest.py's ``shared`` folder
DEFAULT_DIR = Path(__file__).resolve().parents[4] / "shared" / "data" / "polnear"

_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_EVENT = re.compile(r"^(E\d+)\t(\S+)((?: \S+:\S+)*)\s*$")
_ANN_NAME = re.compile(r"^(?P<doc>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")

Fragment = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One annotated role of an attribution.

    Attributes:
        label: ``SOURCE``, ``CUE`` or ``CONTENT``.
        fragments: ``(start_char, end_char)`` pairs in text order; more than one when the
            annotator marked a discontinuous span.
        attribution_id: the brat event id (``E3``) the span belongs to, or ``None`` when
            no event line names it.
        ann_id: the brat text-bound id (``T7``).
    """

    label: str
    fragments: tuple[Fragment, ...]
    attribution_id: str | None
    ann_id: str

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass(frozen=True, slots=True)
class PolnearDoc:
    """One PolNeAR article with its gold attribution spans (sorted by position)."""

    doc_id: str
    text: str
    spans: tuple[GoldSpan, ...]
    annotator: str | None = None
    split: str | None = None

    def fragments(self, label: str | None = None) -> list[tuple[str, Fragment]]:
        """Every contiguous fragment as ``(label, (start, end))``, optionally of one label."""
        return [
            (s.label, f) for s in self.spans if label in (None, s.label) for f in s.fragments
        ]


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The PolNeAR ``data`` folder: ``explicit``, then ``$CLAIMGRAPH_POLNEAR_DIR``, then the default."""
    return Path(explicit or os.environ.get(ENV_DIR) or DEFAULT_DIR)


def parse_ann(ann: str, *, text: str | None = None, path: str = "<ann>") -> list[GoldSpan]:
    """Parse brat standoff into gold spans.

    Args:
        ann: the ``.ann`` file's content.
        text: the article; when given, every fragment must lie inside it.
        path: named in errors.

    Returns:
        SOURCE/CUE/CONTENT spans sorted by start offset.

    Raises:
        InputError: a fragment is empty, reversed or past the end of ``text``.
    """
    raw: dict[str, tuple[str, tuple[Fragment, ...]]] = {}
    owner: dict[str, str] = {}
    for lineno, line in enumerate(ann.splitlines(), start=1):
        if m := _TEXTBOUND.match(line):
            label = BRAT_LABELS.get(m.group(2))
            if label is None:
                continue
            frags = tuple(_fragment(f, path, lineno, text) for f in m.group(3).split(";"))
            raw[m.group(1)] = (label, tuple(sorted(frags)))
        elif m := _EVENT.match(line):
            for arg in m.group(3).split():
                role, _, ref = arg.partition(":")
                if role in BRAT_LABELS:
                    owner.setdefault(ref, m.group(1))
        # anything else: notes, relation lines, continuation lines of multi-line span text
    spans = [
        GoldSpan(label, frags, owner.get(tid), tid) for tid, (label, frags) in raw.items()
    ]
    return sorted(spans, key=lambda s: (s.start, s.end, s.ann_id))


def _fragment(field: str, path: str, lineno: int, text: str | None) -> Fragment:
    start, end = (int(x) for x in field.split())
    if not 0 <= start < end or (text is not None and end > len(text)):
        raise InputError(path, f"fragment {start}-{end} is empty or outside the text", lineno)
    return start, end


def annotation_files(split_dir: Path) -> dict[str, tuple[str, Path]]:
    """Map each article name to ``(annotator, .ann path)``, keeping the first annotator id."""
    chosen: dict[str, tuple[str, Path]] = {}
    for path in sorted((split_dir / "attributions").glob("*.ann")):
        m = _ANN_NAME.match(path.name)
        doc, annotator = (m.group("doc"), m.group("annotator")) if m else (path.stem, "")
        if doc in chosen:
            log.debug("%s: also annotated by %s, keeping %s", doc, annotator, chosen[doc][0])
            continue
        chosen[doc] = (annotator, path)
    return chosen


def iter_split(
    split: str = "dev", root: str | os.PathLike[str] | None = None, limit: int | None = None
) -> Iterator[PolnearDoc]:
    """Yield the articles of one split in file-name order.

    Args:
        split: ``train`` or ``dev`` (PolNeAR's test split is not used).
        root: the PolNeAR ``data`` folder (see :func:`data_dir`).
        limit: stop after this many articles.

    Raises:
        InputError: the split folder is missing.
    """
    split_dir = data_dir(root) / split
    if not (split_dir / "text").is_dir():
        raise InputError(
            str(split_dir), f"no PolNeAR '{split}' split here; pass --data-dir or set {ENV_DIR}"
        )
    anns = annotation_files(split_dir)
    for n, text_path in enumerate(sorted((split_dir / "text").glob("*.txt"))):
        if limit is not None and n >= limit:
            return
        doc_id = text_path.stem
        text = text_path.read_text(encoding="utf-8")
        annotator, ann_path = anns.get(doc_id, (None, None))
        if ann_path is None:
            log.warning("%s: no annotation file, counted as an article without attributions", doc_id)
            spans: list[GoldSpan] = []
        else:
            spans = parse_ann(ann_path.read_text(encoding="utf-8"), text=text, path=str(ann_path))
        yield PolnearDoc(doc_id, text, tuple(spans), annotator, split)


def load_split(
    split: str = "dev", root: str | os.PathLike[str] | None = None, limit: int | None = None
) -> list[PolnearDoc]:
    """All articles of one split as a list (see :func:`iter_split`)."""
    return list(iter_split(split, root, limit))

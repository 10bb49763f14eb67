"""Names with bidirectional overrides and zero-width characters: matched as the plain
name, and shown without the controls that could reorder what surrounds them."""

from __future__ import annotations

import pytest

from claimgraph.bidi import strip_bidi, strip_invisible
from claimgraph.extract.folding import _key
from claimgraph.ingest.normalize import normalize
from claimgraph.ingest.outlets import registry
from claimgraph.model import RawDocument

RLO, PDF, LRI, PDI, ZWSP, ZWJ, ZWNJ, WJ = "\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\u200d", "\u200c", "\u2060"
SPOOFS = [f"{RLO}Reuters{PDF}", f"Reu{ZWSP}ters", f"Reu{WJ}ters", f"{LRI}Reuters{PDI}", f"R{ZWJ}euters\u200f"]


def test_strip_functions() -> None:
    assert strip_bidi(f"{RLO}sretueR{PDF} {LRI}x{PDI}\u200e") == "sretueR x"
    assert strip_bidi(f"می{ZWNJ}خواهم") == f"می{ZWNJ}خواهم"  # Persian keeps its non-joiner when shown
    assert strip_invisible(f"Reu{ZWSP}t{ZWJ}e{ZWNJ}r\ufeffs{RLO}") == "Reuters"


@pytest.mark.parametrize("name", SPOOFS)
def test_matching_keys_ignore_controls(name: str) -> None:
    assert _key(name) == _key("Reuters")
    assert _key(f"Abu Mohammed al-Jo{RLO}lani") == _key("Abu Mohammed al-Jolani")
    found = registry().by_name(name)
    assert found is not None and found.name == "Reuters"


def test_names_shown_lose_bidi_controls_but_the_text_keeps_its_offsets() -> None:
    text = f"The river brigade{RLO} said on Monday that it had reached the bridge."
    doc = normalize(RawDocument(location="x", text=text, outlet=f"{RLO}Sahel Post{PDF}", title=f"Bridge {LRI}reached{PDI}"))
    assert doc.outlet == "Sahel Post" and doc.title == "Bridge reached"
    assert doc.text == text  # claims point into the stored text by character offsets


@pytest.mark.slow
def test_speaker_with_overrides_resolves_to_the_same_actor() -> None:
    from claimgraph.extract.document import extract_documents

    plain = "The Gezira Revolutionary Front said on Friday that its fighters had captured Rufaa."
    canonical = set()
    for name in ("Gezira Revolutionary Front", f"Gezira Revo{RLO}lutionary Front", f"Gezi{ZWSP}ra Revolutionary{LRI} Front"):
        doc = normalize(RawDocument(location="x", text=plain.replace("Gezira Revolutionary Front", name)))
        (extraction,) = extract_documents([doc])
        claim = extraction.claims[0]
        assert doc.text[claim.source.span[0] : claim.source.span[1]] == claim.source.text
        canonical.add(claim.source.canonical)
    assert canonical == {"Gezira Revolutionary Front"}

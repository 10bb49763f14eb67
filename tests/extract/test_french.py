"""The French reader, on reports written for these tests (invented, about eastern Congo and
Sudan; the reader was developed on real Sahel reporting)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimgraph.extract.document import extract_documents
from claimgraph.extract.french import EXTRACTOR, extract_french, french_time, gloss
from claimgraph.model import Claim, Document

pytestmark = pytest.mark.slow

SATURDAY = datetime(2025, 3, 15, 18, 0, tzinfo=UTC)


def _read(text: str, when: datetime = SATURDAY, outlet: str = "Gazette des Grands Lacs") -> list[Claim]:
    doc = Document("d-fr", text, None, outlet, None, when, "fr", when, "t")
    conflict, _places, claims = extract_french(doc)
    assert conflict is not None
    return claims


def _by_source(claims: list[Claim], canonical: str) -> Claim:
    found = [c for c in claims if c.source.canonical == canonical]
    assert found, [(c.source.canonical, c.evidence) for c in claims]
    return found[0]


def test_a_quotation_with_its_speaker_after_the_cue_gives_each_sentence_its_event() -> None:
    text = ("« Nous contrôlons désormais le village de Kanyabusoro. Les soldats congolais ont fui », "
            "a affirmé à l'AFP Lawrence Kanyuka, porte-parole du M23, samedi.")
    claim = _by_source(_read(text), "Lawrence Kanyuka")
    assert claim.source.side == "opposition" and claim.stance == "assert" and claim.extractor == EXTRACTOR
    assert claim.evidence.startswith("Nous contrôlons") and claim.cue == "affirmé"
    kinds = {e.type: e for e in claim.events}
    assert set(kinds) == {"CONTROL", "WITHDRAW"}
    assert kinds["CONTROL"].agent is not None and kinds["CONTROL"].agent.side == "opposition"  # "nous"
    assert kinds["WITHDRAW"].agent is not None and kinds["WITHDRAW"].agent.side == "government"
    village = kinds["CONTROL"].place
    assert village is not None and village["name"] == "Kanyabusoro" and village["country"] == "CD"
    assert village["lat"] is None and 800_000_000 <= int(village["geonames_id"]) < 900_000_000  # unlisted
    assert kinds["WITHDRAW"].place == village  # "ont fui": from the village the quotation is about


def test_a_denial_with_que_and_a_capture_by_the_enemy() -> None:
    claims = _read("L'armée congolaise a démenti que les rebelles aient pris le contrôle de Rutshuru.")
    claim = _by_source(claims, "FARDC")
    assert claim.stance == "deny" and claim.source.side == "government"
    (event,) = [e for e in claim.events if e.type == "CONTROL"]
    assert event.agent is not None and event.agent.side == "opposition"
    assert event.place is not None and event.place["name"] == "Rutshuru"


def test_selon_an_anonymous_official_and_deaths_from_drone_fire_with_their_date() -> None:
    text = "Selon un responsable local, au moins 12 civils ont été tués mardi par des tirs de drones à Rutshuru."
    claims = _read(text)
    claim = next(c for c in claims if c.cue and c.cue.lower() == "selon")
    assert claim.source.kind == "anonymous" and claim.source.side == "none"
    kinds = {e.type: e for e in claim.events}
    assert kinds["CASUALTIES"].count == 12
    assert "ATTACK" in kinds  # the drone fire behind the deaths
    assert kinds["CASUALTIES"].time["start"].startswith("2025-03-11")  # the Tuesday before


def test_a_force_that_says_it_began_to_withdraw_admits_its_own_withdrawal() -> None:
    claims = _read("L'armée congolaise indique avoir amorcé un mouvement rétrograde à Rutshuru.")
    claim = _by_source(claims, "FARDC")
    (event,) = claim.events
    assert event.type == "WITHDRAW" and event.agent is not None and event.agent.side == "government"


def test_a_they_inside_a_quotation_is_not_the_speaker() -> None:
    # (Seen in a Goma dispatch: "« Ils ont pris l'aéroport », a déclaré une source sécuritaire"
    # made the government the captor.) The speaker's "ils" are others.
    text = "« Ils ont pris le contrôle de l'aéroport de Rutshuru », a déclaré à l'AFP un officier congolais."
    claims = _read(text)
    events = [e for c in claims for e in c.events if e.type == "CONTROL"]
    assert events and all(e.agent is None or e.agent.side != "government" for e in events)
    assert all(e.facility == "airport" for e in events)


def test_a_speaker_is_the_noun_phrase_not_a_clause_a_date_or_where_it_was_said() -> None:
    # (Seen as "samedi avoir conquis la ville frontalière de …" and "depuis <town> des
    # habitants" speaking, and a relative clause's object taken for the speaker.)
    text = ("Le Rwanda, qui a lancé mercredi une offensive dans le Nord-Kivu, a annoncé samedi avoir conquis "
            "la ville de Rutshuru. Les combats continuent, ont indiqué depuis Rutshuru des habitants.")
    sources = [c.source.text for c in _read(text) if c.attributed]
    assert sources == ["Le Rwanda", "des habitants"], sources


def test_the_outlets_own_voice_carries_its_events() -> None:
    claims = _read("Des rebelles ont attaqué mardi une base de l'armée congolaise près de Rutshuru.")
    voice = [c for c in claims if not c.attributed]
    assert voice and voice[0].source.kind == "media" and voice[0].events[0].type == "ATTACK"
    assert voice[0].events[0].modality == "happened"


def test_gloss_reads_french_descriptions_in_the_registrys_english() -> None:
    assert gloss("les forces armées maliennes") == "Malian armed forces"
    assert gloss("le ministère turc de la Défense") == "Turkish ministry of defence"
    assert gloss("Lawrence Kanyuka, porte-parole du M23") == "Lawrence Kanyuka, spokesman of M23"
    assert gloss("un élu local") == "local elected official"
    assert gloss("le porte-parole des rebelles") == "spokesman of rebels"


@pytest.mark.parametrize(("words", "day", "granularity"), [
    ("samedi", "2025-03-15", "day"),  # the report's own Saturday
    ("mardi", "2025-03-11", "day"),
    ("le 2 mars", "2025-03-02", "day"),
    ("hier", "2025-03-14", "day"),
    ("sans date", "2025-03-15", "reported"),
])
def test_french_dates(words: str, day: str, granularity: str) -> None:
    text = f"Les combats ont repris {words} à Rutshuru."
    got = french_time(text, (0, len(text)), (0, len(text)), SATURDAY)
    assert got["start"][:10] == day and got["granularity"] == granularity


def test_french_reports_are_read_and_other_languages_stay_unread() -> None:
    when = SATURDAY
    fr = Document("fr", "Les rebelles du M23 ont pris le contrôle de Rutshuru, a affirmé leur porte-parole.",
                  None, "Gazette des Grands Lacs", None, when, "fr", when, "t")
    de = Document("de", "Die Rebellen haben Rutshuru eingenommen, sagte ihr Sprecher.", None,
                  "Gazette des Grands Lacs", None, when, "de", when, "t")
    read, unread = extract_documents([fr, de])
    assert read.unread is None and read.claims and read.claims[0].extractor == EXTRACTOR
    assert unread.unread is not None and "'de'" in unread.unread and not unread.claims


def test_a_description_is_not_read_for_the_place_in_it_and_a_radio_is_an_outlet() -> None:
    # (Seen in a Darfur dispatch: "la Coordination … des comités de résistance à <town>" spoke
    # as a person named after the town; "Radio <name>" as a person.)
    text = ("La Coordination des comités de résistance à Rutshuru a affirmé que les combats avaient cessé. "
            "Radio Kivu Libre a rapporté que des rebelles étaient entrés dans Rutshuru.")
    claims = [c for c in _read(text) if c.attributed]
    assert all(c.source.canonical != "Rutshuru" for c in claims), [c.source for c in claims]
    radio = next(c for c in claims if c.cue == "rapporté")
    assert (radio.source.kind, radio.source.side) == ("media", "media")


def test_a_compass_word_is_no_place() -> None:
    # ("dans l'Ouest" of a Central African report resolved to a town abroad.) In Congo, the
    # Rwandan provinces "Eastern" and "Southern" are alternate names of "Est" and "Sud".
    doc = Document("d-fr", "Les combats ont repris vers l'Est, à Rutshuru, a affirmé un officier congolais.",
                   None, "Gazette des Grands Lacs", None, SATURDAY, "fr", SATURDAY, "t")
    _conflict, places, _claims = extract_french(doc)
    assert [p.name for p in places] == ["Rutshuru"], places


def test_a_withdrawal_in_all_its_french_forms_and_its_denial() -> None:
    text = ("Les rebelles du M23 ont annoncé s'être retirés de Kanyabusoro dans la nuit de lundi à mardi. "
            "« Il s'agit d'un repli stratégique », a expliqué leur porte-parole. Les soldats congolais sont "
            "entrés dans Kanyabusoro mardi matin, selon des habitants. Le M23 a démenti avoir perdu la ville.")
    claims = _read(text, datetime(2025, 3, 12, 18, tzinfo=UTC))
    withdrawn = [(c.stance, c.source.canonical, e.agent.canonical if e.agent else None)
                 for c in claims for e in c.events if e.type == "WITHDRAW"]
    # its own withdrawal, announced; its spokesman's "repli" (the group named before); its denial
    assert withdrawn == [("assert", "M23", "M23"), ("assert", "M23", "M23"), ("deny", "M23", "M23")], withdrawn
    (entry,) = [e for c in claims for e in c.events if e.type == "ENTER"]
    assert entry.agent is not None and entry.agent.canonical == "FARDC"  # "sont entrés": no passive
    assert entry.time["start"].startswith("2025-03-11")


def test_each_speaker_a_cue_lists_has_a_claim_and_a_straight_quote_opens_a_sentence() -> None:
    # (AFP style: "…, ont affirmé à l'AFP un porte-parole des rebelles, un élu local et un
    # ancien employé de l'ONU" counted as the first speaker only, so two outside voices were
    # lost.) Each listed speaker says it, as a claim of its own id.
    text = ("Les soldats congolais ont subi de lourdes pertes samedi à Kanyabusoro, ont affirmé à l'AFP "
            "un porte-parole des rebelles, un élu local et un ancien employé de l'ONU. "
            "\"L'armée congolaise a reculé\", a déclaré un habitant.")
    claims = [c for c in _read(text) if c.attributed]
    first = [c for c in claims if c.cue == "affirmé"]
    assert [c.source.side for c in first] == ["opposition", "none", "none"], [c.source for c in first]
    assert len({c.id for c in first}) == 3 and len({c.evidence for c in first}) == 1
    (quoted,) = [c for c in claims if c.cue == "déclaré"]
    (withdrawal,) = quoted.events
    assert withdrawal.agent is not None and withdrawal.agent.canonical == "FARDC"

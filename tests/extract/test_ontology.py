from claimgraph.extract import ontology


def test_every_type_has_codes() -> None:
    assert len(ontology.TYPES) == 13
    for name, t in ontology.TYPES.items():
        assert t.cameo.isdigit(), name
        assert (t.plover != "") == (name != "STATEMENT"), name


def test_plover_mapping_and_statement_verbs() -> None:
    assert ontology.plover("CONTROL") == ("FIGHT", "occupy")
    assert ontology.plover("WITHDRAW") == ("RETREAT", "military")
    assert ontology.plover("STATEMENT", "threaten") == ("THREATEN", "")
    assert ontology.plover("STATEMENT", "focus") == ("", "")
    assert ontology.cameo("CONTROL") == "192"
    assert ontology.plover("ARREST") == ("COERCE", "arrest") and ontology.cameo("ARREST") == "173"
    assert ontology.plover("PROTEST") == ("PROTEST", "demonstrate") and ontology.plover("AGREE")[0] == "AGREE"
    # one-sided violence is PLOVER's ASSAULT, combat its FIGHT
    assert ontology.plover("ATTACK", "bombing")[0] == "ASSAULT" and ontology.plover("ATTACK", "killings")[0] == "ASSAULT"
    assert ontology.plover("ATTACK", "shelled") == ("FIGHT", "heavy-weapons")


def test_triggers_point_at_known_types() -> None:
    for table in (ontology.VERB_TRIGGERS, ontology.NOUN_TRIGGERS, ontology.PHRASAL):
        assert set(table.values()) <= set(ontology.TYPES)

from claimgraph.extract import ontology


def test_every_type_has_codes() -> None:
    assert len(ontology.TYPES) == 10
    for name, t in ontology.TYPES.items():
        assert t.cameo.isdigit(), name
        assert (t.plover != "") == (name != "STATEMENT"), name


def test_plover_mapping_and_statement_verbs() -> None:
    assert ontology.plover("CONTROL") == ("FIGHT", "occupy")
    assert ontology.plover("WITHDRAW") == ("RETREAT", "military")
    assert ontology.plover("STATEMENT", "threaten") == ("THREATEN", "")
    assert ontology.plover("STATEMENT", "focus") == ("", "")
    assert ontology.cameo("CONTROL") == "192"


def test_triggers_point_at_known_types() -> None:
    for table in (ontology.VERB_TRIGGERS, ontology.NOUN_TRIGGERS, ontology.PHRASAL):
        assert set(table.values()) <= set(ontology.TYPES)

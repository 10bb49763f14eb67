import claimgraph


def test_exported_members_are_pinned() -> None:
    assert sorted(claimgraph.__all__) == [
        "ClaimgraphError",
        "Document",
        "InputError",
        "RawDocument",
        "ReadFailure",
        "Settings",
        "__version__",
    ]
    for name in claimgraph.__all__:
        assert hasattr(claimgraph, name)

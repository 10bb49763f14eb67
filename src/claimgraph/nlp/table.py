"""A parsed ``Doc`` as plain Python lists, read once per document by every extractor.

Reading a ``Token`` attribute builds a Python object and looks a string up, ``Token.subtree``
walks nested generators and ``Doc.text`` joins the whole document again on each access:
the extractors read the same few attributes of the same tokens over and over, so they
read them here (``doc.to_array`` once per document) and run at about twice the speed.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc

__all__ = ["TokenTable", "token_table"]


class TokenTable:
    """The parse of one ``Doc`` as plain Python lists, indexed by token.

    Every ``Token`` attribute read builds a new Python object and looks a string up, and
    ``Token.subtree`` walks nested generators: the extractors read the same few attributes
    of the same tokens over and over, so they read them here. Lemmas are lowercased, as
    every caller compares them; ``children``/``subtree`` give token indices in spaCy's order.
    """

    __slots__ = ("doc", "text", "head", "dep", "lemma", "lower", "pos", "tag", "idx", "end",
                 "punct", "space", "lefts", "rights", "_subtrees")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        columns = doc.to_array(_COLUMNS)
        n = len(columns)
        # ``doc.text`` from the same arrays: the property joins a new Token per token
        words, spaces = _names(doc, columns[:, 10].tolist()), columns[:, 11].tolist()
        self.text = "".join([word + " " if space else word for word, space in zip(words, spaces)])
        head = (columns[:, 0].astype(numpy.int64) + numpy.arange(n, dtype=numpy.int64)).tolist()
        self.head = head
        self.dep, self.lower, self.pos, self.tag = (_names(doc, columns[:, j].tolist()) for j in (1, 3, 4, 5))
        self.lemma = _names(doc, columns[:, 2].tolist(), _LOWERED)
        self.idx = columns[:, 6].tolist()
        self.end = (columns[:, 6] + columns[:, 7]).tolist()
        self.punct = columns[:, 8].astype(bool).tolist()
        self.space = columns[:, 9].astype(bool).tolist()
        lefts: list[list[int]] = [[] for _ in range(n)]
        rights: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(head):
            if h < i:
                rights[h].append(i)
            elif h > i:
                lefts[h].append(i)
        self.lefts, self.rights = lefts, rights
        self._subtrees: dict[int, list[int]] = {}

    def children(self, i: int) -> list[int]:
        """Token ``i``'s children, as ``Token.children`` orders them."""
        return self.lefts[i] + self.rights[i]

    def word(self, i: int) -> str:
        """The token's text."""
        return self.text[self.idx[i] : self.end[i]]

    def subtree(self, i: int) -> list[int]:
        """Token ``i`` and its descendants in ``Token.subtree`` order (cached; do not modify)."""
        found = self._subtrees.get(i)
        if found is not None:
            return found
        out: list[int] = []
        stack: list[tuple[int, bool]] = [(i, False)]
        lefts, rights = self.lefts, self.rights
        while stack:  # iterative: a deep (hostile) parse must not hit the recursion limit
            node, done = stack.pop()
            if done:
                out.append(node)
                continue
            stack.extend((r, False) for r in reversed(rights[node]))
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(lefts[node]))
        self._subtrees[i] = out
        return out


_COLUMNS = [HEAD, DEP, LEMMA, LOWER, POS, TAG, IDX, LENGTH, IS_PUNCT, IS_SPACE, ORTH, SPACY]
_STRINGS: dict[int, str] = {}  # string hashes are the same in every vocabulary
_LOWERED: dict[int, str] = {}  # the same, lowercased (for lemmas)


def _names(doc: Doc, keys: list[int], memo: dict[int, str] = _STRINGS) -> list[str]:
    """The strings of hashes (memoized: a ``StringStore`` lookup per token is slow)."""
    if len(memo) > 2_000_000:  # bounded, however many documents pass
        memo.clear()
    lowered = memo is _LOWERED
    for key in set(keys).difference(memo):
        memo[key] = doc.vocab.strings[key].lower() if lowered else doc.vocab.strings[key]
    return [memo[key] for key in keys]


_LAST_TABLE: tuple[Doc | None, TokenTable | None] = (None, None)


def token_table(doc: Doc) -> TokenTable:
    """The table of ``doc``, built once while extractors work on the same document."""
    global _LAST_TABLE
    last_doc, last = _LAST_TABLE
    if last_doc is doc and last is not None:
        return last
    table = TokenTable(doc)
    _LAST_TABLE = (doc, table)
    return table

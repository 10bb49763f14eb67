"""Fold names and text into matching keys.

One function for registry aliases, mentions and document text alike, so that whatever
spelling survives folding on one side survives it on the other: case, diacritics,
apostrophes, hyphens, Arabic articles and "abd al" spellings are ignored, and a softer
transliteration key (Jolani/Golani, Mohammed/Muhammad) backs the folded key up. Also the
scan that finds the longest registry keys in a folded word sequence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from claimgraph.bidi import strip_invisible
from claimgraph.extract.vocabulary import _HYPHEN_ARTICLES

_TRANS = str.maketrans({
    "ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th",
    "ʼ": "'", "ʻ": "'", "‘": "'", "’": "'", "`": "'", "´": "'", "ʿ": "'", "ʾ": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
})  # fmt: skip
_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")
# A state's long formal name reads as its short one: "the Democratic Republic of Congo's
# foreign minister" is Congo's, not a "republic" that owns a minister.
_FORMAL_STATES = [
    (re.compile(r"\b(?:the )?Democratic Republic of (?:the )?Congo\b", re.IGNORECASE), "DRC"),
    (re.compile(r"\b(?:the )?Republic of (?:the )?Sudan\b", re.IGNORECASE), "Sudan"),
    (re.compile(r"\b(?:the )?Republic of South Sudan\b", re.IGNORECASE), "South Sudan"),
    (re.compile(r"\b(?:the )?Islamic Republic of Iran\b", re.IGNORECASE), "Iran"),
    (re.compile(r"\b(?:the )?United States of America\b", re.IGNORECASE), "US"),
    (re.compile(r"\b(?:the )?Russian Federation\b", re.IGNORECASE), "Russia"),
]
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*'?|[,;:()]")
_ABD = re.compile(r"^abd(?:oul|el|ul|al|ol|il|ou|u|e)?(?=[a-z]{2,}$)")
_SOFT = (("ph", "f"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"),
         ("ei", "i"), ("ey", "i"), ("y", "i"), ("e", "a"), ("o", "u"))  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """Case, diacritics, apostrophes and a possessive 's ignored: Hay'at → hayat, Syria's → syria."""
    w = unicodedata.normalize("NFKD", strip_invisible(word))
    w = "".join(c for c in w if not unicodedata.combining(c)).casefold()
    if w.endswith("'s"):
        w = w[:-2]
    return w.replace("'", "")


@lru_cache(maxsize=65536)
def _key_words(word: str) -> tuple[str, ...]:
    """Fold one word and split the "abd al" family (Abdel, Abdul, Abdurrahman) into abd + rest."""
    w = _fold_word(word)
    if w in ("abdel", "abdul", "abdal", "abdol", "abdil", "abdoul", "abdu"):
        return ("abd",)
    m = _ABD.match(w)
    if m:
        return "abd", _DOUBLE.sub(r"\1", w[m.end() :][:2]) + w[m.end() + 2 :]
    return (w,) if w else ()


@lru_cache(maxsize=65536)
def _soft(word: str) -> str:
    """Cheap transliteration folding: Jolani/Golani, Mohammed/Muhammad, Zelenskyy/Zelensky."""
    if not word.isascii() or not word.isalpha():
        return word
    if word[0] == "j":
        word = "g" + word[1:]
    for old, new in _SOFT:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 2 and word[-1] == "h" and word[-2] in "aiu":
        word = word[:-1]
    return word


class _Tok(NamedTuple):
    """One word of a cleaned mention, with what matching needs to know about it."""

    text: str  # as written (dots and hyphens dropped)
    fold: str
    start: int
    end: int
    article: bool  # an Arabic article (al-, el-, as-) that matching ignores
    sep: bool  # a punctuation separator


def _clean(text: str) -> str:
    """Quotes, brackets-only noise, spacing and bidi/zero-width controls removed; U.N. → UN."""
    text = strip_invisible(text).translate(_TRANS).strip().strip("\"“”'.,;:!?")
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    if "epublic" in text or "ederation" in text or "America" in text:
        for pattern, short in _FORMAL_STATES:
            text = pattern.sub(short, text)
    return " ".join(text.replace('"', " ").replace("“", " ").replace("”", " ").split())


def _tokens(text: str) -> list[_Tok]:
    """Words and separators of a cleaned string, with Arabic articles flagged."""
    out = []
    for m in _TOKEN.finditer(text):  # whole documents pass here: keep the loop lean
        word = m.group(0)
        start, end = m.span()
        if word in ",;:()":
            out.append(_Tok(word, "", start, end, False, True))
            continue
        fold = _fold_word(word)
        article = False
        if fold in _HYPHEN_ARTICLES or fold in ("al", "el"):
            hyphened = text[end : end + 1] == "-"
            nxt = text[end + 1 : end + 2]
            article = (fold in _HYPHEN_ARTICLES and hyphened) or (
                fold in ("al", "el") and nxt.isupper() and text[end : end + 1] == " "
            )
        out.append(_Tok(word, fold, start, end, article, False))
    return out


# _TOKEN with the two characters after each match (for the article test of ``_tokens``).
_TOKEN_AFTER = re.compile(r"(" + _TOKEN.pattern + r")(?=(.{0,2}))", re.DOTALL)


def _key_words_of(text: str) -> list[str]:
    """``_keyseq(_tokens(text))[0]`` without a record per word: whole documents pass here."""
    words: list[str] = []
    for word, after in _TOKEN_AFTER.findall(text):
        if word in ",;:()":
            continue
        fold, keys = _word_keys(word)
        if fold in _ARTICLES and (
            (fold in _HYPHEN_ARTICLES and after[:1] == "-")
            or (fold in ("al", "el") and after[1:2].isupper() and after[:1] == " ")
        ):
            continue  # an Arabic article, as in _tokens
        words.extend(keys)
    return words


_ARTICLES = _HYPHEN_ARTICLES | {"al", "el"}


@lru_cache(maxsize=65536)
def _word_keys(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's fold and key words, in one cache look-up."""
    return _fold_word(word), _key_words(word)


def _keyseq(toks: Sequence[_Tok]) -> tuple[list[str], list[int]]:
    """Key words of tokens (articles and separators dropped) and the token each came from."""
    words: list[str] = []
    owner: list[int] = []
    for i, tok in enumerate(toks):
        if tok.sep or tok.article:
            continue
        for w in _key_words(tok.text):
            words.append(w)
            owner.append(i)
    return words, owner


def _key(text: str) -> str:
    """The matching key of a name: folded words, articles and a leading "the" dropped."""
    words = _keyseq(_tokens(_clean(text)))[0]
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _soft_key(key: str) -> str:
    return " ".join(_soft(w) for w in key.split())


def _cs_key(text: str) -> str:
    """Key of a case-sensitive alias: the words as written, a leading "the" dropped."""
    words = [t.text for t in _tokens(_clean(text)) if not t.sep]
    if words[:1] in (["the"], ["The"]) and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _scan(words: Sequence[str], table: Mapping[str, object], prefixes: frozenset[str]) -> list[tuple[int, int, str]]:
    """Longest non-overlapping matches of table keys in a word sequence, left to right."""
    out = []
    i, n = 0, len(words)
    while i < n:
        best, best_key, key, j = 0, "", "", i
        while j < n:
            key = words[j] if j == i else key + " " + words[j]
            if key not in prefixes:
                break
            j += 1
            if key in table:
                best, best_key = j, key
        if best:
            out.append((i, best, best_key))
            i = best
        else:
            i += 1
    return out


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    """Every leading word sequence of the keys, so a scan can stop as soon as none fits."""
    out: set[str] = set()
    for key in keys:
        words = key.split(" ")
        out.update(" ".join(words[: i + 1]) for i in range(len(words)))
    return frozenset(out)

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimgraph.errors import InputError, NoTextError, UnsafeInputError
from claimgraph.ingest import feeds
from claimgraph.ingest.feeds import check_xml_safety
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

from .samples import ARABIC, RSS2, documents, every_string, failures

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Levant Courier</title>
  <entry>
    <title>Defence ministry rejects Homs reports</title>
    <link href="https://levant-courier.example/denial"/>
    <updated>2024-12-08T03:15:00Z</updated>
    <summary>Short teaser that should lose to the full content.</summary>
    <content type="html">&lt;p&gt;The ministry said the reports were false and that its
      forces had redeployed to protect civilians.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Plain update</title>
    <link href="https://levant-courier.example/update"/>
    <published>2024-12-08T05:00:00+02:00</published>
    <content type="text">Residents reported calm streets by mid-morning.</content>
  </entry>
</feed>
"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://crossing-post.example/">
    <title>Crossing Post</title><link>https://crossing-post.example/</link>
    <description>News</description>
  </channel>
  <item rdf:about="https://crossing-post.example/roads">
    <title>Roads reopen</title><link>https://crossing-post.example/roads</link>
    <description>Two checkpoints on the southern highway reopened, drivers said.</description>
    <dc:date>2024-12-07T18:00:00Z</dc:date>
  </item>
</rdf:RDF>
"""


def _read(
    tmp_path: Path, content: str | bytes, name: str = "feed.xml"
) -> list[RawDocument | ReadFailure]:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    with path.open("rb") as stream:
        return list(feeds.read(str(path), stream, Settings()))


def test_rss2_entries(tmp_path: Path) -> None:
    items = _read(tmp_path, RSS2)
    first, second = documents(items)
    assert first.location == f"{tmp_path / 'feed.xml'}#entry-1"
    assert first.outlet == "Orontes Wire"
    assert first.title == "Rebels claim Homs"
    assert first.url == "https://orontes-wire.example/homs"
    assert first.published == datetime(2024, 12, 8, 2, 10, tzinfo=UTC)
    assert first.language == "en"
    assert first.html is not None and "<b>claimed</b>" in first.html
    assert first.text is None
    assert second.text == "The defence ministry called the reports false & misleading."
    assert second.html is None


def test_atom_prefers_content_and_converts_time_to_utc(tmp_path: Path) -> None:
    first, second = documents(_read(tmp_path, ATOM, "feed.atom"))
    assert first.outlet == "Levant Courier"
    assert first.html is not None and "redeployed" in first.html
    assert "teaser" not in first.html
    assert first.published == datetime(2024, 12, 8, 3, 15, tzinfo=UTC)
    assert second.text == "Residents reported calm streets by mid-morning."
    assert second.published == datetime(2024, 12, 8, 3, 0, tzinfo=UTC)


def test_rss1_entries(tmp_path: Path) -> None:
    [doc] = documents(_read(tmp_path, RSS1, "feed.rdf"))
    assert doc.outlet == "Crossing Post"
    assert doc.title == "Roads reopen"
    assert doc.url == "https://crossing-post.example/roads"
    assert doc.text == "Two checkpoints on the southern highway reopened, drivers said."
    assert doc.published == datetime(2024, 12, 7, 18, 0, tzinfo=UTC)


def test_feed_in_cp1256(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0" encoding="windows-1256"?><rss version="2.0"><channel>'
        f"<title>صحيفة</title><item><title>حمص</title><description>{ARABIC}</description>"
        "</item></channel></rss>"
    )
    [doc] = documents(_read(tmp_path, feed.encode("cp1256")))
    assert doc.outlet == "صحيفة"
    assert doc.text == ARABIC.strip()


def test_entry_without_content_is_a_failure_and_reading_goes_on(tmp_path: Path) -> None:
    feed = RSS2.replace("<item>", "<item><title>Empty one</title></item><item>", 1)
    items = _read(tmp_path, feed)
    [failure] = failures(items)
    assert failure.path == f"{tmp_path / 'feed.xml'}#entry-1"
    assert "neither content nor summary" in failure.reason
    assert [doc.title for doc in documents(items)] == ["Rebels claim Homs", "Ministry denies"]


def test_malformed_feed_quotes_feedparser(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable feed: SAXParseException") as caught:
        _read(tmp_path, "<rss><channel><title>x</title><<<< not closed")
    assert caught.value.path == str(tmp_path / "feed.xml")


def test_partly_malformed_feed_keeps_entries(tmp_path: Path) -> None:
    broken = RSS2.replace("</channel></rss>", "<item><title>cut & broken</ite")
    titles = [doc.title for doc in documents(_read(tmp_path, broken))]
    assert "Rebels claim Homs" in titles


def test_feed_without_entries(tmp_path: Path) -> None:
    with pytest.raises(NoTextError, match="no entries"):
        _read(tmp_path, '<rss version="2.0"><channel><title>Quiet</title></channel></rss>')


def test_plain_doctype_is_allowed(tmp_path: Path) -> None:
    feed = RSS2.replace('<rss version="2.0">', '<!DOCTYPE rss>\n<rss version="2.0">')
    assert len(documents(_read(tmp_path, feed))) == 2


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs &lol3;</title>
<item><title>Boom &lol2;</title><description>Start &lol9; end</description></item>
</channel></rss>
"""


def _xxe_feed(target: Path, kind: str = "SYSTEM") -> str:
    ident = f'SYSTEM "file://{target}"'
    if kind == "PUBLIC":
        ident = f'PUBLIC "-//X//Y//EN" "file://{target}"'
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY xxe {ident}> ]>\n'
        '<rss version="2.0"><channel><title>Leak &xxe;</title>'
        "<item><title>Leak</title><description>Secret: &xxe;</description></item>"
        "</channel></rss>"
    )


@pytest.mark.parametrize("name", ["laughs.xml", "laughs.txt"])
def test_billion_laughs_refused_and_not_expanded(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(BILLION_LAUGHS)
    items = list(iter_raw([str(path)], Settings()))
    [failure] = items
    assert isinstance(failure, ReadFailure)
    assert failure.code == UnsafeInputError.code
    assert "entity" in failure.reason
    assert not any("lollol" in value for value in every_string(items))


@pytest.mark.parametrize("kind", ["SYSTEM", "PUBLIC"])
def test_xxe_refused_and_file_not_read(tmp_path: Path, kind: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a9")
    path = tmp_path / "xxe.rss"
    path.write_text(_xxe_feed(secret, kind))
    items = list(iter_raw([str(path)], Settings()))
    [failure] = items
    assert isinstance(failure, ReadFailure)
    assert failure.code == UnsafeInputError.code
    assert not any("TOP-SECRET" in value for value in every_string(items))


def test_parameter_entity_xxe_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a9")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % ext SYSTEM "file://{secret}"> %ext;]>'
        '<rss version="2.0"><channel><title>x</title><item><description>y</description>'
        "</item></channel></rss>"
    )
    with pytest.raises(UnsafeInputError):
        _read(tmp_path, feed)


def test_external_dtd_refused(tmp_path: Path) -> None:
    feed = RSS2.replace(
        '<rss version="2.0">',
        '<!DOCTYPE rss SYSTEM "http://dtd.example/rss.dtd">\n<rss version="2.0">',
    )
    with pytest.raises(UnsafeInputError, match="external DTD"):
        _read(tmp_path, feed)


@pytest.mark.parametrize(
    "text",
    [
        '<!DOCTYPE rss [<!ENTITY a "b">]><rss><<< broken',  # malformed: textual check
        '<!DOCTYPE rss PUBLIC "-//x//y" "http://e.example/x.dtd"><rss>&&& broken',
        "junk before <!ENTITY x SYSTEM 'file:///etc/hostname'> <rss>",
    ],
)
def test_safety_check_also_covers_malformed_xml(text: str) -> None:
    with pytest.raises(UnsafeInputError):
        check_xml_safety(text, "bad.xml")


def test_safety_check_accepts_entities_only_as_escaped_text() -> None:
    check_xml_safety(
        "<rss><channel><item><description>&lt;!ENTITY x &quot;y&quot;&gt;</description>"
        "</item></channel></rss>",
        "ok.xml",
    )


def test_a_pub_date_feedparser_reads_as_a_year_before_one_keeps_its_text(tmp_path: Path) -> None:
    # (Found by bench/fuzz.py: "<pubDate>00</pubDate>" parses to the year -99 and the whole
    # feed raised ValueError.) The entry is read, with the date as written.
    feed = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Orontes Wire</title>
  <item><title>Calm in Hama</title><link>https://orontes-wire.example/hama</link>
    <pubDate>00</pubDate><description>Residents said the streets were calm.</description></item>
</channel></rss>"""
    (entry,) = documents(_read(tmp_path, feed))
    assert entry.published == "00" and entry.title == "Calm in Hama"

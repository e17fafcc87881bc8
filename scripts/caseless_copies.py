"""Lower- or upper-cased copies of the gold corpora, offsets kept, to score text without case.

    python scripts/caseless_copies.py --data ../shared/data --out /tmp/caseless [--upper]
    claimscope eval geo /tmp/caseless/geo/GeoVirus.xml
    claimscope eval geo /tmp/caseless/geo/lgl.xml
    claimscope eval attribution /tmp/caseless/polnear-dev
    claimscope eval where-when /tmp/caseless/muc4/dev.json   # with --upper: MUC-4 in capitals

Wire copy comes all in capitals or all in lower case; these copies measure what the
pipeline makes of it against the corpora's own gold (the truecase card's figures). A
character whose other case has another length ('İ', 'ß') is kept as it is, so every
offset holds. The copies are written outside the repository: they are the corpora's text.
"""

from __future__ import annotations

import argparse
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path


def recased(text: str, upper: bool) -> str:
    def one(ch: str) -> str:
        other = ch.upper() if upper else ch.lower()
        return other if len(other) == 1 else ch

    return "".join(map(one, text))


def geo_copy(source: Path, out: Path, change: Callable[[str], str]) -> None:
    """The article texts and the gold phrases (which the scorer aligns to the text)."""
    tree = ET.parse(source)
    for article in tree.getroot().iter("article"):
        for tag in ("text", "name", "phrase", "extractedName"):
            for element in article.iter(tag):
                if element.text:
                    element.text = change(element.text)
    tree.write(out, encoding="utf-8", xml_declaration=True)


def polnear_copy(source: Path, out: Path, change: Callable[[str], str]) -> None:
    shutil.copytree(source, out, dirs_exist_ok=True)
    for path in (out / "text").glob("*.txt"):
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def muc_copy(source: Path, out: Path, change: Callable[[str], str]) -> None:
    """MUC-4 dev with its raw answer keys beside it (where-when reads them)."""
    out.mkdir(parents=True, exist_ok=True)
    raw = out / "raw"
    if not raw.exists():
        raw.symlink_to((source / "raw").resolve())
    with (source / "dev.json").open(encoding="utf-8") as lines, \
            (out / "dev.json").open("w", encoding="utf-8") as copy:
        for line in lines:
            record = json.loads(line)
            record["doctext"] = change(record["doctext"])
            copy.write(json.dumps(record) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the ../shared/data folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--upper", action="store_true", help="capitals instead of lower case")
    args = parser.parse_args()

    def change(text: str) -> str:
        return recased(text, args.upper)

    (args.out / "geo").mkdir(parents=True, exist_ok=True)
    for name in ("GeoVirus.xml", "lgl.xml"):
        geo_copy(args.data / "geo" / name, args.out / "geo" / name, change)
    polnear_copy(args.data / "attribution" / "polnear" / "data" / "dev",
                 args.out / "polnear-dev", change)
    muc_copy(args.data / "events" / "muc4", args.out / "muc4", change)
    print(f"copies in {args.out}")


if __name__ == "__main__":
    main()

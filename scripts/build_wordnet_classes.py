"""Derive the committed word-class table `src/claimscope/data/wordnet_classes.tsv` from WordNet.

Source: Princeton WordNet 3.0 as Debian packages it (`apt-get install wordnet-base`, files in
/usr/share/wordnet; WordNet licence: free use and redistribution with its notice, kept at the
top of the table). Neither the package nor any WordNet reader is a runtime dependency: the
table is read as plain text by `claimscope.data.wordnet`.

Each row is `lemma<TAB>pos<TAB>classes`: the lexicographer files ("supersenses") of the
lemma's first three senses in WordNet's frequency order, without repeats, first sense first
(`say  v  communication,stative`). Rows: every one-word verb, and the one-word nouns with a
communication, cognition, feeling or motive sense among those three ("statement", "belief",
"hope", "intention") — the classes of cue words; the other nouns would only make the table
larger. The attribution tagger reads the classes so that a cue verb it has seen rarely or
never in training ("lament", "quip", "decry") can be read like the speech verbs it has seen.

    python scripts/build_wordnet_classes.py [--wordnet /usr/share/wordnet]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "claimscope" / "data" / "wordnet_classes.tsv"
# The lexicographer file numbers of WordNet 3.0 (its `lexnames` file), without the POS prefix.
LEXNAMES = (
    "all", "pert", "all", "Tops", "act", "animal", "artifact", "attribute", "body", "cognition",
    "communication", "event", "feeling", "food", "group", "location", "motive", "object",
    "person", "phenomenon", "plant", "possession", "process", "quantity", "relation", "shape",
    "state", "substance", "time", "body", "change", "cognition", "communication",
    "competition", "consumption", "contact", "creation", "emotion", "motion", "perception",
    "possession", "social", "stative", "weather", "ppl",
)  # fmt: skip
SENSES = 3
NOUN_CLASSES = frozenset({"communication", "cognition", "feeling", "motive"})
NOTICE = """\
# WordNet 3.0 lexicographer classes of the first three senses (scripts/build_wordnet_classes.py).
# This software and database is being provided to you, the LICENSEE, by
# Princeton University under the following license.  By obtaining, using
# and/or copying this software and database, you agree that you have
# read, understood, and will comply with these terms and conditions.:
#
# Permission to use, copy, modify and distribute this software and
# database and its documentation for any purpose and without fee or
# royalty is hereby granted, provided that you agree to comply with
# the following copyright notice and statements, including the disclaimer,
# and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal
# use or for distribution.
#
# WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.
#
# THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
# IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
# ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
# OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
# INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
# OTHER RIGHTS.
#
# The name of Princeton University or Princeton may not be used in
# advertising or publicity pertaining to distribution of the software
# and/or database.  Title to copyright in this software, database and
# any associated documentation shall at all times remain with
# Princeton University and LICENSEE agrees to preserve same.
"""


def synset_classes(data_file: Path) -> dict[int, str]:
    """Synset offset -> lexicographer class, from a `data.<pos>` file."""
    classes: dict[int, str] = {}
    with data_file.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):  # the licence header
                continue
            offset, lexfile, *_ = line.split(" ", 2)
            classes[int(offset)] = LEXNAMES[int(lexfile)]
    return classes


def lemma_classes(index_file: Path, classes: dict[int, str]) -> dict[str, list[str]]:
    """Lemma -> classes of its first `SENSES` senses, from an `index.<pos>` file."""
    out: dict[str, list[str]] = {}
    with index_file.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, synset_count = fields[0], int(fields[2])
            if "_" in lemma or not lemma.isascii():
                continue  # spaCy lemmas are one token; multi-word entries never match one
            offsets = fields[-synset_count:][:SENSES]
            found: list[str] = []
            for offset in offsets:
                name = classes[int(offset)]
                if name not in found:
                    found.append(name)
            out[lemma] = found
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows: list[str] = []
    for pos, name in (("v", "verb"), ("n", "noun")):
        classes = synset_classes(args.wordnet / f"data.{name}")
        for lemma, found in sorted(lemma_classes(args.wordnet / f"index.{name}", classes).items()):
            if pos == "n" and not NOUN_CLASSES.intersection(found):
                continue
            rows.append(f"{lemma}\t{pos}\t{','.join(found)}")
    args.out.write_text(NOTICE + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} rows -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

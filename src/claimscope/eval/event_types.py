"""`claimscope eval event-types`: CASE 2021 Task 2 reader, ACLED↔CASE label map, and scores.

Each snippet is analysed on its own; the prediction is the sub-event type of the first
event in `doc.events` (the document model has no event confidence), mapped to its CASE
label, or `NOT_EVENT` when there is none. The CASE labels that are not ACLED events
(natural and man-made disasters, diplomacy, attribution of blame, organised crime) all
become the one gold class `NOT_EVENT`. Scores are accuracy, macro F1 over the union of
gold and predicted classes, and F1 weighted by gold support (the official CASE metric),
computed with scikit-learn.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sklearn.metrics import accuracy_score, f1_score

from claimscope.document import Document
from claimscope.eval.cv import Fold, keeps
from claimscope.eval.report import ReadStats, Result, analyze_text

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

NOT_EVENT = "NOT_EVENT"

# ACLED sub-event type (as claimscope writes it) -> CASE 2021 Task 2 label.
ACLED_TO_CASE: dict[str, str] = {
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Armed clash": "ARMED_CLASH",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Peaceful protest": "PEACE_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
}

# CASE labels outside ACLED's typology: scored as "not a conflict event".
CASE_NON_EVENTS: frozenset[str] = frozenset(
    {"NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB", "ORG_CRIME"}
)

# Every CASE label -> the class it is scored as.
CASE_TO_CLASS: dict[str, str] = {case: case for case in ACLED_TO_CASE.values()} | {
    case: NOT_EVENT for case in CASE_NON_EVENTS
}


@dataclass(slots=True, frozen=True)
class Snippet:
    id: str
    text: str
    label: str  # the CASE label as written in the file


def tsv_files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(path.glob("*.tsv"))


def iter_case(path: Path, stats: ReadStats | None = None) -> Iterator[Snippet]:
    """Stream the snippets of a CASE Task 2 TSV (or every `*.tsv` in a directory)."""
    stats = stats if stats is not None else ReadStats()
    for file in tsv_files(path):
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                ident, text, label = row.get("id"), row.get("EventSnippet"), row.get("SubType")
                if not ident or not text or not text.strip() or label not in CASE_TO_CLASS:
                    stats.skip(
                        f"{file}: row {ident!r} has no snippet or an unknown label {label!r}"
                    )
                    continue
                yield Snippet(ident, text, label)


def predicted_class(doc: Document) -> str:
    """The scored class of the document's first event, or NOT_EVENT when it has none."""
    if not doc.events:
        return NOT_EVENT
    sub = doc.events[0].sub_event_type
    # An unknown sub-type stays visible as its own (always wrong) class.
    return ACLED_TO_CASE.get(sub, f"UNMAPPED:{sub}")


def scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Accuracy, macro F1 and support-weighted F1 of predicted against gold classes."""
    if not gold:
        return {"weighted_f1": 0.0, "macro_f1": 0.0, "accuracy": 0.0}
    labels = sorted(set(gold) | set(pred))
    return {
        "weighted_f1": float(
            f1_score(gold, pred, labels=labels, average="weighted", zero_division=0)
        ),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(gold, pred)),
    }


def evaluate(
    path: Path, analyzer: Analyzer, *, limit: int | None = None, fold: Fold | None = None
) -> Result:
    """Type every CASE snippet under `path` with the analyzer and score the sub-event types."""
    began = time.perf_counter()
    stats = ReadStats()
    gold: list[str] = []
    pred: list[str] = []
    for snippet in iter_case(path, stats):
        if limit is not None and len(gold) >= limit:
            break
        if not keeps(fold, snippet.id):
            continue
        doc = analyze_text(analyzer, snippet.text, f"case:{snippet.id}", stats)
        gold.append(CASE_TO_CLASS[snippet.label])
        pred.append(predicted_class(doc))
    result: Result = {"task": "event-types"}
    result |= scores(gold, pred)
    result |= {
        "n_skipped": stats.skipped,
        "n_failed": stats.failed,
        "n_docs": len(gold),
        "seconds": round(time.perf_counter() - began, 3),
    }
    return result

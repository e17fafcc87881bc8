"""Tests for the CASE 2021 Task 2 reader, the ACLED↔CASE mapping and the event-type scores."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimscope.document import Document, Event
from claimscope.eval.event_types import (
    ACLED_TO_CASE,
    CASE_NON_EVENTS,
    CASE_TO_CLASS,
    NOT_EVENT,
    evaluate,
    iter_case,
    predicted_class,
    scores,
)
from claimscope.eval.report import ReadStats
from tests.conftest import CannedAnalyzer

DEV = Path("/work/shared/data/events/case2021-task2/dev.tsv")

# ACLED's 25 sub-event types as claimscope writes them (ACLED codebook).
ACLED_SUB_TYPES = [
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Armed clash",
    "Excessive force against protesters",
    "Protest with intervention",
    "Peaceful protest",
    "Violent demonstration",
    "Mob violence",
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]


def event(sub_event_type: str) -> Event:
    return Event(
        id="e1",
        event_type="Explosions/Remote violence",
        sub_event_type=sub_event_type,
        actor1=None,
        actor2=None,
        location=None,
        date=None,
        fatalities=[],
        fatalities_conservative=0,
        status="occurred",
        evidence=[],
    )


def keyword_document(raw: str) -> Document:
    """Finds an air strike or a clash by keyword, nothing else."""
    events = []
    if "warplanes" in raw:
        events.append(event("Air/drone strike"))
    if "clashed" in raw:
        events.append(event("Armed clash"))
    return Document(text=raw, events=events)


def write_tsv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(["id", "EventSnippet", "SubType"])
        writer.writerows(rows)
    return path


ROWS = [
    ("1", "Warplanes struck a fuel depot outside the town, the monitor said.", "AIR_STRIKE"),
    ("2", "Government warplanes bombed a market east of the capital.", "AIR_STRIKE"),
    ("3", "Rebels clashed with soldiers at a checkpoint on Tuesday.", "ARMED_CLASH"),
    ("4", 'Flooding cut the "main road" after three days of rain.', "NATURAL_DISASTER"),
    ("5", "The two foreign ministers met to discuss the border treaty.", "DIPLO"),
    ("6", "Police detained four men carrying rifles near the clashed-over farm.", "ARREST"),
]


def test_every_acled_sub_type_maps_to_a_case_label() -> None:
    assert sorted(ACLED_TO_CASE) == sorted(ACLED_SUB_TYPES)
    assert len(set(ACLED_TO_CASE.values())) == len(ACLED_SUB_TYPES)  # one-to-one
    assert not set(ACLED_TO_CASE.values()) & CASE_NON_EVENTS


def test_every_case_label_is_scored_as_an_acled_type_or_not_event() -> None:
    for case, cls in CASE_TO_CLASS.items():
        assert cls == NOT_EVENT if case in CASE_NON_EVENTS else cls == case


@pytest.mark.skipif(not DEV.is_file(), reason="CASE 2021 dev.tsv not available")
def test_every_label_in_the_dev_file_is_covered() -> None:
    with DEV.open(encoding="utf-8", newline="") as handle:
        labels = {row["SubType"] for row in csv.DictReader(handle, delimiter="\t")}
    assert labels <= set(CASE_TO_CLASS)
    stats = ReadStats()
    assert sum(1 for _ in iter_case(DEV, stats)) == 304 and stats.skipped == 0


def test_predicted_class_uses_the_first_event() -> None:
    assert predicted_class(Document(text="Calm day.")) == NOT_EVENT
    doc = Document(text="x", events=[event("Shelling/artillery/missile attack"), event("Attack")])
    assert predicted_class(doc) == "ART_MISS_ATTACK"
    assert predicted_class(Document(text="x", events=[event("Ambush")])) == "UNMAPPED:Ambush"


def test_scores_hand_computed() -> None:
    gold = ["A", "A", "B", "N"]
    pred = ["A", "B", "B", "N"]
    result = scores(gold, pred)
    # A: P 1, R .5, F 2/3; B: P .5, R 1, F 2/3; N: F 1.
    assert result["accuracy"] == pytest.approx(0.75)
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert result["weighted_f1"] == pytest.approx((2 * 2 / 3 + 2 / 3 + 1) / 4)
    # A class only ever predicted lowers the macro average but carries no weight.
    spurious = scores(["A", "A"], ["A", "Z"])
    assert spurious["macro_f1"] == pytest.approx((2 / 3 + 0) / 2)
    assert spurious["weighted_f1"] == pytest.approx(2 / 3)
    assert scores([], [])["accuracy"] == 0.0


def test_iter_case_handles_quotes_and_skips_bad_rows(tmp_path: Path) -> None:
    path = write_tsv(
        tmp_path / "heldout.tsv",
        [*ROWS, ("7", "", "ARREST"), ("8", "Something happened.", "WEATHER")],
    )
    stats = ReadStats()
    snippets = list(iter_case(path, stats))
    assert [s.id for s in snippets] == ["1", "2", "3", "4", "5", "6"]
    assert snippets[3].text == 'Flooding cut the "main road" after three days of rain.'
    assert stats.skipped == 2
    # A directory is read as all of its TSV files.
    assert len(list(iter_case(tmp_path))) == 6


def test_evaluate_with_a_fake_analyzer(tmp_path: Path) -> None:
    path = write_tsv(tmp_path / "any-split-name.tsv", ROWS)
    result = evaluate(path, CannedAnalyzer(keyword_document))  # type: ignore[arg-type]
    # Gold: AIR, AIR, CLASH, NOT, NOT, ARREST. Pred: NOT (no "warplanes"), AIR, CLASH, NOT,
    # NOT, CLASH ("clashed-over").
    assert result["task"] == "event-types" and result["n_docs"] == 6
    assert result["accuracy"] == pytest.approx(4 / 6)
    # AIR: P 1 R .5 F 2/3; CLASH: P .5 R 1 F 2/3; NOT: P 2/3 R 1 F .8; ARREST: 0.
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0.8 + 0) / 4)
    assert result["weighted_f1"] == pytest.approx((2 * 2 / 3 + 2 / 3 + 2 * 0.8 + 0) / 6)
    assert evaluate(path, CannedAnalyzer(keyword_document), limit=2)["n_docs"] == 2  # type: ignore[arg-type]


def test_report_renders_the_result_and_json_is_the_dict() -> None:
    import json

    from rich.console import Console

    from claimscope.eval.report import render, to_json

    result = {"task": "event-types", "weighted_f1": 0.71234, "n_docs": 304, "seconds": 1.5}
    console = Console(width=80, record=True)
    console.print(render(result))
    out = console.export_text()
    assert "event-types" in out and "0.7123" in out and "304" in out
    assert json.loads(to_json(result)) == result

"""Tests for the linking scorers (pairwise, B-cubed) and the hand-written linking evaluation."""

from __future__ import annotations

import json
import math
from collections.abc import Hashable
from pathlib import Path

import pytest

from claimscope.eval.linking import (
    Gold,
    Mention,
    anchor_offsets,
    article_names,
    bcubed,
    cluster_mentions,
    evaluate,
    event_at,
    pairwise,
    read_gold,
)
from claimscope.pipeline import Analyzer
from tests.conftest import EXAMPLES

INCIDENTS = EXAMPLES / "incidents"

# B-cubed F1 measured on examples/incidents with this version (precision 1.0, recall 0.68,
# F1 0.81); the floor leaves a margin for small changes in upstream stages.
BCUBED_F1_FLOOR = 0.70


def labels(*clusters: str) -> dict[Hashable, Hashable]:
    """Items named by letters, each string one cluster: labels("ab", "c")."""
    return {item: k for k, cluster in enumerate(clusters) for item in cluster}


def test_pairwise_counts_pairs() -> None:
    gold = labels("abc", "de")  # gold pairs: ab ac bc de
    pred = labels("ab", "cde")  # predicted pairs: ab cd ce de
    p, r, f = pairwise(gold, pred)
    assert p == pytest.approx(2 / 4)  # ab, de right
    assert r == pytest.approx(2 / 4)
    assert f == pytest.approx(0.5)


def test_pairwise_all_singletons_has_no_wrong_link_but_no_recall() -> None:
    p, r, _ = pairwise(labels("abc"), labels("a", "b", "c"))
    assert (p, r) == (1.0, 0.0)


def test_bcubed_by_hand() -> None:
    gold = labels("abc", "de")
    pred = labels("ab", "cde")
    # precision per item: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 -> 7/3 / 5
    # recall per item:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 -> 11/3 / 5
    p, r, f = bcubed(gold, pred)
    assert p == pytest.approx((2 + 1 / 3 + 4 / 3) / 5)
    assert r == pytest.approx((4 / 3 + 1 / 3 + 2) / 5)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_bcubed_perfect_and_one_cluster() -> None:
    gold = labels("ab", "cd")
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    p, r, _ = bcubed(gold, labels("abcd"))
    assert r == 1.0 and math.isclose(p, 0.5)


def test_scorers_reject_different_items() -> None:
    with pytest.raises(ValueError):
        pairwise(labels("ab"), labels("ac"))
    with pytest.raises(ValueError):
        bcubed(labels("ab"), labels("a"))


def test_anchor_must_occur_once() -> None:
    assert anchor_offsets("the convoy was hit; the post", "convoy") == (4, 10)
    assert anchor_offsets("the convoy and the convoy", "convoy") is None
    assert anchor_offsets("nothing here", "convoy") is None


def _event(event_id: str, *spans: tuple[int, int]) -> dict[str, object]:
    return {"id": event_id, "evidence": [{"text": "", "start": s, "end": e} for s, e in spans]}


def test_event_at_picks_largest_overlap() -> None:
    analysis = {"events": [_event("event1", (0, 10)), _event("event2", (5, 40))]}
    assert event_at(analysis, 8, 20) == "event2"
    assert event_at(analysis, 2, 6) == "event1"
    assert event_at(analysis, 50, 60) is None


def _analysis(text: str, published: str, events: list[dict[str, object]]) -> dict[str, object]:
    return {
        "document": {"id": text[:8], "text": text, "publisher": None, "published": published,
                     "body": {"text": text, "start": 0, "end": len(text)}},
        "claims": [],
        "events": events,
    }


def _located(event_id: str, start: int, end: int, day: str) -> dict[str, object]:
    return {
        **_event(event_id, (start, end)),
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "status": "occurred",
        "actor1": None,
        "actor2": None,
        "location": {"name": "Kaya", "text": "Kaya", "geonameid": 1, "lat": 13.09, "lon": -1.08,
                     "admin1": "Centre-Nord", "country_code": "BF", "geo_precision": 1,
                     "place_id": "place1"},
        "date": {"start": day, "end": day, "precision": "day", "text": None},
        "fatalities": [],
        "claim_ids": [],
    }


def test_cluster_mentions_links_across_articles_and_keeps_unmatched_apart() -> None:
    one = "Fighters clashed with soldiers near Kaya on Monday."
    two = "Troops fought militants outside Kaya on Monday, officials said."
    three = "Nothing of note happened here at all."
    analyses = {
        "one.txt": _analysis(one, "2024-05-07", [_located("event1", 0, len(one), "2024-05-06")]),
        "two.txt": _analysis(two, "2024-05-07", [_located("event1", 0, len(two), "2024-05-06")]),
        "three.txt": _analysis(three, "2024-05-07", []),
    }
    gold = Gold(
        (
            Mention("kaya", "one.txt", "clashed with soldiers"),
            Mention("kaya", "two.txt", "fought militants"),
            Mention("kaya", "three.txt", "Nothing of note"),
        ),
        (),
    )
    found = cluster_mentions(analyses, gold)
    assert found.pred[0] == found.pred[1]
    assert found.pred[2] not in (found.pred[0], found.pred[1])
    assert found.matched == 2 and found.bad_anchors == 0


def test_gold_file_is_well_formed() -> None:
    gold = read_gold(INCIDENTS)
    raw = json.loads((INCIDENTS / "gold.json").read_text(encoding="utf-8"))
    files = set(article_names(INCIDENTS))
    assert len(files) == 20
    assert {m.article for m in gold.mentions} <= files
    assert {a for group in gold.reposts for a in group} <= files
    ids = [inc["id"] for inc in raw["incidents"]]
    assert len(ids) == len(set(ids))
    # decoys and multi-outlet incidents both present
    sizes = [len({m["article"] for m in inc["mentions"]}) for inc in raw["incidents"]]
    assert max(sizes) >= 4 and min(sizes) == 1


@pytest.fixture(scope="module")
def linking_result(analyzer: Analyzer) -> dict[str, float | int | str]:
    return evaluate(INCIDENTS, analyzer)


def test_every_anchor_occurs_once_in_the_analysed_text(
    linking_result: dict[str, float | int | str],
) -> None:
    assert linking_result["n_bad_anchors"] == 0
    assert linking_result["n_failed"] == 0


def test_linking_scores_on_the_hand_written_set(
    linking_result: dict[str, float | int | str],
) -> None:
    assert linking_result["n_docs"] == len(article_names(INCIDENTS))
    # Three repost pairs, each grouped into one report; no two different reports merged.
    n_docs = int(linking_result["n_docs"])
    assert int(linking_result["n_reports"]) == n_docs - 3
    assert linking_result["repost_p"] == linking_result["repost_r"] == 1.0
    assert float(linking_result["bcubed_f1"]) >= BCUBED_F1_FLOOR
    assert float(linking_result["pairwise_p"]) >= 0.8
    assert float(linking_result["event_recall"]) >= 0.8


def test_limit_analyses_fewer_articles(analyzer: Analyzer) -> None:
    result = evaluate(INCIDENTS, analyzer, limit=3)
    assert result["n_docs"] == 3
    assert 0 < int(result["n_mentions"]) < len(read_gold(INCIDENTS).mentions)


def test_gold_path_accepts_the_file(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text(
        json.dumps({"incidents": [{"id": "x", "mentions": [{"article": "a.txt", "anchor": "b"}]}]}),
        encoding="utf-8",
    )
    assert read_gold(tmp_path / "gold.json").mentions == (Mention("x", "a.txt", "b"),)

"""Tests of the SemEval-2020 T11 scorers and the PTC-layout reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.eval.rhetoric import (
    evaluate,
    merge_overlapping,
    read_ptc,
    si_scores,
    tc_micro_f1,
)

PTC = Path(__file__).resolve().parents[2] / "shared" / "data" / "propaganda" / "ptc2020-train"


def test_exact_match_scores_one() -> None:
    gold = {"1": [(0, 10), (20, 30)]}
    assert si_scores({"1": [(0, 10), (20, 30)]}, gold) == {
        "si_precision": 1.0,
        "si_recall": 1.0,
        "si_f1": 1.0,
    }


def test_partial_overlap_gives_fractional_credit() -> None:
    # predicted [5, 15) covers half of gold [0, 10); half of the prediction is inside gold
    scores = si_scores({"1": [(5, 15)]}, {"1": [(0, 10)]})
    assert scores["si_precision"] == pytest.approx(0.5)
    assert scores["si_recall"] == pytest.approx(0.5)
    assert scores["si_f1"] == pytest.approx(0.5)


def test_one_prediction_over_two_gold_spans() -> None:
    # prediction [0, 40): 10 + 10 of its 40 chars are gold; both gold spans fully covered
    scores = si_scores({"a": [(0, 40)]}, {"a": [(0, 10), (30, 40)]})
    assert scores["si_precision"] == pytest.approx(0.5)
    assert scores["si_recall"] == pytest.approx(1.0)


def test_no_predictions_scores_zero_and_empty_both_sides_scores_one() -> None:
    assert si_scores({}, {"1": [(0, 5)]})["si_f1"] == 0.0
    assert si_scores({"1": []}, {"1": [(0, 5)]})["si_recall"] == 0.0
    assert si_scores({"1": []}, {"1": []})["si_f1"] == 1.0


def test_duplicates_and_overlaps_are_merged_on_both_sides() -> None:
    gold = {"1": [(0, 10), (0, 10), (5, 20)]}  # one gold span [0, 20) after merging
    pred = {"1": [(0, 20), (0, 20)]}
    scores = si_scores(pred, gold)
    assert scores == {"si_precision": 1.0, "si_recall": 1.0, "si_f1": 1.0}


def test_touching_spans_are_not_merged() -> None:
    assert merge_overlapping([(0, 5), (5, 9), (8, 12)]) == [(0, 5), (5, 12)]


def test_predictions_for_unknown_article_count_against_precision() -> None:
    scores = si_scores({"1": [(0, 10)], "2": [(0, 10)]}, {"1": [(0, 10)]})
    assert scores["si_precision"] == pytest.approx(0.5)
    assert scores["si_recall"] == pytest.approx(1.0)


def test_tc_micro_f1_is_accuracy_and_checks_lengths() -> None:
    gold = ["Doubt", "Loaded_Language", "Slogans", "Doubt"]
    assert tc_micro_f1(["Doubt", "Loaded_Language", "Doubt", "Doubt"], gold) == 0.75
    with pytest.raises(ValueError):
        tc_micro_f1(["Doubt"], gold)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


ARTICLE = (
    "Regime thugs storm the capital\n\n"
    "The corrupt regime unleashed its thugs on peaceful marchers yesterday.\n"
    "Everyone knows the so-called election was rigged.\n"
)


def test_read_ptc_2020_layout(tmp_path: Path) -> None:
    _write(tmp_path / "dev-articles" / "article42.txt", ARTICLE)
    s = ARTICLE.index("corrupt regime")
    t = ARTICLE.index("so-called election")
    _write(
        tmp_path / "dev-labels-task1-span-identification" / "article42.task1-SI.labels",
        f"42\t{s}\t{s + 14}\n42\t{t}\t{t + 18}\n",
    )
    _write(
        tmp_path / "dev-labels-task2-technique-classification" / "article42.task2-TC.labels",
        f"42\tLoaded_Language\t{s}\t{s + 7}\n42\tName_Calling,Labeling\t{t}\t{t + 18}\n",
    )
    (art,) = read_ptc(tmp_path)
    assert art.id == "42"
    assert sorted(art.si_spans) == [(s, s + 14), (t, t + 18)]
    assert art.techniques == [("Loaded_Language", s, s + 7), ("Name_Calling,Labeling", t, t + 18)]
    assert ARTICLE[t : t + 18] == "so-called election"


def test_read_ptc_2023_layout_maps_shared_techniques(tmp_path: Path) -> None:
    _write(tmp_path / "test-articles" / "article7.txt", ARTICLE)
    s = ARTICLE.index("thugs on")
    e = ARTICLE.index("Everyone knows")
    _write(
        tmp_path / "test-labels-subtask-3-spans" / "article7-labels-subtask-3.txt",
        f"7\tName_Calling-Labeling\t{s}\t{s + 5}\n7\tAppeal_to_Popularity\t{e}\t{e + 14}\n"
        f"7\tAppeal_to_Values\t{e}\t{e + 30}\n",
    )
    (art,) = read_ptc(tmp_path)
    # SI uses every span, TC only those whose technique 2020 also has
    assert len(art.si_spans) == 3
    assert art.techniques == [
        ("Name_Calling,Labeling", s, s + 5),
        ("Bandwagon,Reductio_ad_hitlerum", e, e + 14),
    ]


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC corpus not available at ../shared")
def test_evaluate_smoke_on_three_articles(tmp_path: Path) -> None:
    from claimscope.config import Settings
    from claimscope.stages.rhetoric import RhetoricStage

    ids = sorted(p.name for p in (PTC / "train-articles").glob("article*.txt"))[:3]
    for sub in (
        "train-articles",
        "train-labels-task1-span-identification",
        "train-labels-task2-technique-classification",
    ):
        (tmp_path / sub).mkdir()
        for name in ids:
            stem = name.removesuffix(".txt")
            for src in (PTC / sub).glob(f"{stem}.*"):
                (tmp_path / sub / src.name).symlink_to(src)
    result = evaluate(tmp_path, RhetoricStage(Settings()))
    assert result["task"] == "rhetoric"
    assert result["n_docs"] == 3
    for key in ("si_precision", "si_recall", "si_f1", "tc_micro_f1"):
        assert 0.0 <= float(result[key]) <= 1.0
    # a trained model labels gold spans far better than chance (1/14)
    assert float(result["tc_micro_f1"]) > 0.2
    assert float(result["seconds"]) > 0.0


@pytest.mark.slow
@pytest.mark.skipif(not PTC.is_dir(), reason="PTC corpus not available at ../shared")
def test_train_reaches_reported_dev_scores(tmp_path: Path) -> None:
    from claimscope.train.rhetoric import train

    scores = train(PTC, tmp_path / "model", seed=13)
    assert scores["si_f1"] > 0.33
    assert scores["tc_micro_f1"] > 0.55
    for name in ("encoder.onnx", "heads.npz", "tokenizer.json", "meta.json"):
        assert (tmp_path / "model" / name).is_file()


@pytest.mark.skipif(not PTC.is_dir(), reason="PTC corpus not available at ../shared")
def test_tune_decoding_smoke_picks_the_best_candidate() -> None:
    import claimscope.train.rhetoric as tr
    from claimscope.rhetoric_model import Decoding, default_model

    articles = read_ptc(PTC)[:2]
    model = default_model()
    shipped, trimmer = model.decoding, model.trimmer
    candidates = (Decoding(0.2, 0.35, 2, 0.25), Decoding(0.9, 0.99, 0, 0.0))
    old = tr.DECODINGS
    try:
        # Decodings are chosen by their edge trimming, before any span trimmer is fitted.
        model.trimmer = None
        tr.DECODINGS = candidates
        chosen, f1 = tr.tune_decoding(model, articles)
        scores = []
        for d in candidates:
            model.decoding = d
            pred = {a.id: [(s.start, s.end) for s in model.predict_spans(a.text)] for a in articles}
            scores.append(si_scores(pred, {a.id: a.si_spans for a in articles})["si_f1"])
    finally:
        tr.DECODINGS = old
        model.decoding, model.trimmer = shipped, trimmer
    assert chosen == candidates[scores.index(max(scores))]
    assert f1 == pytest.approx(max(scores))

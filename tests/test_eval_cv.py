"""`claimscope eval TASK PATH --cv K`: folds, their summary, and the command."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli import app
from claimscope.eval.cv import Fold, cross_validate, keeps, summarise
from claimscope.eval.event_types import evaluate
from claimscope.eval.report import Result
from tests.conftest import CannedAnalyzer
from tests.test_eval_event_types import ROWS, keyword_document, write_tsv

runner = CliRunner()


def test_every_document_falls_in_exactly_one_fold() -> None:
    ids = [f"doc{i}" for i in range(200)]
    folds = [Fold(i, 5) for i in range(5)]
    for doc_id in ids:
        assert sum(fold.keeps(doc_id) for fold in folds) == 1
    sizes = [sum(fold.keeps(doc_id) for doc_id in ids) for fold in folds]
    # A hash, not the order: no fold is empty and none holds most of the documents.
    assert min(sizes) > 20 and max(sizes) < 60
    assert keeps(None, "anything")


def test_a_fold_needs_two_folds_and_a_valid_index() -> None:
    with pytest.raises(ValueError):
        Fold(0, 1)
    with pytest.raises(ValueError):
        Fold(3, 3)


def test_summary_spreads_scores_and_sums_counts() -> None:
    folds: list[Result] = [
        {"task": "t", "f1": 0.5, "n_docs": 3, "seconds": 1.5},
        {"task": "t", "f1": 0.7, "n_docs": 4, "seconds": 2.0},
        {"task": "t", "f1": 0.9, "n_docs": 5, "seconds": 0.5},
    ]
    result = summarise("t", folds)
    assert result["cv_folds"] == 3 and result["n_docs"] == 12 and result["seconds"] == 4
    assert result["f1_mean"] == pytest.approx(0.7)
    assert result["f1_std"] == pytest.approx(statistics.stdev([0.5, 0.7, 0.9]))
    assert (result["f1_min"], result["f1_max"]) == (0.5, 0.9)
    # t(0.975, 2 df) = 4.303: the interval of three folds is wide, as it should be.
    assert result["f1_ci95"] == pytest.approx(4.303 * 0.2 / 3**0.5, rel=1e-3)


def test_cross_validation_scores_each_document_once(tmp_path: Path) -> None:
    rows = [(str(i), text, label) for i, (_, text, label) in enumerate(ROWS * 5)]
    path = write_tsv(tmp_path / "case.tsv", rows)
    analyzer = CannedAnalyzer(keyword_document)
    result = cross_validate(evaluate, path, analyzer, k=3, limit=None)
    assert result["n_docs"] == len(rows)
    fold_scores = [
        float(evaluate(path, analyzer, fold=Fold(i, 3))["accuracy"])  # type: ignore[arg-type]
        for i in range(3)
    ]
    assert result["accuracy_mean"] == pytest.approx(statistics.fmean(fold_scores))
    assert result["accuracy_min"] == pytest.approx(min(fold_scores))


def test_cv_option_of_the_command(tmp_path: Path, shared_dir: Path) -> None:
    path = shared_dir / "data/events/case2021-task2/dev.tsv"
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    result = runner.invoke(
        app, ["eval", "event-types", str(path), "--cv", "2", "--limit", "4", "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["cv_folds"] == 2 and scores["n_docs"] == 8
    assert 0.0 <= scores["weighted_f1_min"] <= scores["weighted_f1_mean"] <= 1.0


def test_cv_is_refused_where_it_cannot_apply(tmp_path: Path) -> None:
    assert runner.invoke(app, ["eval", "linking", str(tmp_path), "--cv", "3"]).exit_code == 2
    assert runner.invoke(app, ["eval", "geo", str(tmp_path), "--cv", "1"]).exit_code == 2

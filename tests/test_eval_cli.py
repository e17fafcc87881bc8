"""`claimscope eval TASK PATH --limit N`: a smoke run of every task on real gold data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimscope.cli import app

runner = CliRunner()

TASKS = {
    "rhetoric": ("data/propaganda/ptc2020-train", "si_f1"),
    "attribution": ("data/attribution/polnear/data/dev", "content_overlap_f1"),
    "event-types": ("data/events/case2021-task2/dev.tsv", "weighted_f1"),
    "roles": ("data/events/muc4/dev.json", "micro_f1"),
    "geo": ("data/geo/lgl.xml", "acc_161km"),
    "actors": ("data/events/wikievents/dev.jsonl", "f1"),
}


@pytest.mark.parametrize("task", sorted(TASKS))
def test_eval_smoke_run_prints_its_metrics(task: str, shared_dir: Path) -> None:
    relative, metric = TASKS[task]
    path = shared_dir / relative
    if not path.exists():
        pytest.skip(f"{path} is not on this machine")
    result = runner.invoke(app, ["eval", task, str(path), "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["task"] == task
    assert 0.0 <= scores[metric] <= 1.0
    assert 1 <= scores["n_docs"] <= 3
    assert scores["seconds"] >= 0


def test_eval_of_a_missing_path_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "geo", str(tmp_path / "nope.xml")])
    assert result.exit_code == 2

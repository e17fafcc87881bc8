"""Shared pieces of `claimscope eval`: P/R/F1 arithmetic, skip counting, and result rendering.

A result is a flat dict `{"task": ..., <metric>: ..., "n_docs": ..., "seconds": ...}`; its
JSON form is the dict itself, its human form a two-column Rich table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rich.table import Table

from claimscope.document import Document
from claimscope.errors import InputError

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

Result = dict[str, float | int | str]
Record = TypeVar("Record")


@dataclass(slots=True)
class ReadStats:
    """What a corpus reader skipped, so a malformed record costs one count, not the run."""

    skipped: int = 0
    failed: int = 0  # records read but whose analysis raised an InputError
    reasons: list[str] = field(default_factory=list)

    def note(self, reason: str) -> None:
        # Keep a few examples for the report; a broken file could otherwise flood memory.
        if len(self.reasons) < 20:
            self.reasons.append(reason)

    def skip(self, reason: str) -> None:
        self.skipped += 1
        self.note(reason)


def json_files(path: Path) -> list[Path]:
    """A JSON-lines file, or every `*.json` and `*.jsonl` file in a directory."""
    return [path] if path.is_file() else sorted(path.glob("*.json")) + sorted(path.glob("*.jsonl"))


def iter_json_lines(
    path: Path, parse: Callable[[str], Record], stats: ReadStats
) -> Iterator[Record]:
    """The records of the JSON-lines file(s) at `path`; a line that does not fit the layout
    (`parse` raises) costs one skip, not the run."""
    for file in json_files(path):
        with file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield parse(line)
                except (ValueError, KeyError, TypeError, IndexError) as exc:
                    stats.skip(f"{file}:{number}: {exc!r}")


def analyze_text(
    analyzer: Analyzer, text: str, source_name: str, stats: ReadStats,
    published: str | None = None,
) -> Document:
    """The analysis of one corpus text; an unreadable one counts as failed and predicts nothing.

    Its gold annotations still count, so a failure lowers recall instead of vanishing.
    """
    try:
        return analyzer.analyze(
            text, source_name=source_name, fmt="text", published=published, url=None
        )
    except InputError as exc:
        stats.failed += 1
        stats.note(f"{source_name}: analysis failed: {exc}")
        return Document(text=text)


def ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from true positives and the predicted and gold totals."""
    precision, recall = ratio(tp, n_pred), ratio(tp, n_gold)
    return precision, recall, f1(precision, recall)


def to_json(result: Mapping[str, float | int | str]) -> str:
    return json.dumps(dict(result), indent=2, ensure_ascii=False)


def _cell(value: float | int | str) -> str:
    if isinstance(value, int | str):  # bool is an int
        return str(value)
    return f"{value:.4f}"


def render(result: Mapping[str, float | int | str]) -> Table:
    """A Rich table of one result: the task as title, one row per metric in dict order."""
    table = Table(title=f"claimscope eval {result.get('task', '')}".rstrip())
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result.items():
        if key != "task":
            table.add_row(key, _cell(value))
    return table

"""Nothing a user gives claimscope is silently lost: a property test over generated corpora.

Hypothesis writes a small corpus of random text, markdown with HTML fragments, HTML with
broken tags, JSON lines with odd fields, and duplicates and near-duplicates carried by
several outlets, and ingests it. For every input (a file, a JSON line) the store must hold
it, as a report or a copy, or a failure with its reason; every span of every stored
analysis must cut its own text back out; and no input may crash the batch.

The default run is bounded (CLAIMSCOPE_HYPOTHESIS_EXAMPLES, 25 examples). A longer run:

    CLAIMSCOPE_HYPOTHESIS_EXAMPLES=500 OMP_NUM_THREADS=1 pytest -q tests/test_nothing_lost.py
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.config import Settings
from claimscope.corpus.batch import ingest
from claimscope.store import Store

EXAMPLES = int(os.environ.get("CLAIMSCOPE_HYPOTHESIS_EXAMPLES", "25"))
STAGES = ("language", "places", "claims", "events")

STORY = (
    "Gunmen attacked a checkpoint near Gao on Monday, killing two soldiers, the army said. "
    "Residents said at least five people were killed.\n\n"
    "A local official in Menaka said the attackers fled on motorbikes."
)
FRAGMENTS = [
    "<script>", "<style>", "<!--", "-->", "</p>", "<b>", "`<script>`", "<div", "&amp;",
    "</script>", "<p>", "<a href='x'>", "```", "# ", "*", "[link](http://x)", "\x00", "\ufeff",
]
words = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=120
)
prose = st.lists(st.sampled_from(STORY.split(" ") + FRAGMENTS), min_size=1, max_size=60).map(
    " ".join
)


@st.composite
def markdown(draw: st.DrawFn) -> tuple[str, str]:
    parts = draw(st.lists(st.one_of(prose, st.sampled_from(FRAGMENTS), words), max_size=6))
    return ".md", "\n\n".join([STORY, *parts, STORY.split("\n\n")[-1]])


@st.composite
def html_page(draw: st.DrawFn) -> tuple[str, str]:
    body = draw(st.lists(st.one_of(prose, st.sampled_from(FRAGMENTS)), max_size=6))
    close = draw(st.booleans())
    return ".html", (
        f"<html><head><title>{draw(words)}</title></head><body><p>{STORY}</p>"
        + "".join(f"<p>{b}" for b in body) + ("</body></html>" if close else "")
    )


@st.composite
def plain(draw: st.DrawFn) -> tuple[str, str]:
    return ".txt", draw(st.one_of(words, prose))


odd = st.one_of(
    st.none(), st.integers(), st.booleans(), words, st.lists(words, max_size=2),
    st.dictionaries(words, words, max_size=2),
)


@st.composite
def feed(draw: st.DrawFn) -> tuple[str, str]:
    """JSON lines: odd fields, and one story from several outlets, verbatim or edited."""
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["copy", "edit", "odd", "broken"]))
        if kind == "broken":
            lines.append(draw(st.sampled_from(["{not json", "[1, 2]", '"text"', '{"text": 3}'])))
            continue
        record: dict[str, Any] = {
            "text": STORY if kind == "copy" else (
                draw(prose) + "\n\n" + STORY if kind == "edit" else draw(odd)
            ),
            "publisher": draw(st.one_of(st.sampled_from(["Outlet A", "Outlet B"]), odd)),
            "url": draw(st.one_of(st.just(f"https://x.example/{len(lines)}"), odd)),
            "published": draw(st.one_of(st.sampled_from(["2024-05-08", "May 8, 2024"]), odd)),
        }
        if draw(st.booleans()):
            record[draw(words)] = draw(odd)
        lines.append(json.dumps(record))
    return ".jsonl", "\n".join(lines) + "\n"


corpus = st.lists(st.one_of(markdown(), html_page(), plain(), feed()), min_size=1, max_size=5)


def _inputs(root: Path, files: list[tuple[str, str]]) -> Iterator[str]:
    """Write the corpus (the last file twice, at two paths) and yield every input's locator."""
    files = [*files, files[-1]]
    for i, (suffix, content) in enumerate(files):
        path = root / f"doc{i}{suffix}"
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
        if suffix == ".jsonl":
            lines = content.split("\n")
            yield from (f"{path.as_posix()}#L{n}" for n, s in enumerate(lines, 1) if s.strip())
        else:
            yield path.as_posix()


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("text"), str):
            yield value
        for inner in value.values():
            yield from _spans(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _spans(inner)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=corpus)
def test_every_input_is_stored_or_failed_with_a_reason(files: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        expected = set(_inputs(root / "in", files))
        with Store(f"sqlite:///{root / 'store.db'}") as store:
            summary = ingest([root / "in"], store, settings=Settings(stages=STAGES), workers=1)
            stored = {a["locator"]: a["id"] for a in store.articles()}
            failed = {f["locator"]: f["reason"] for f in store.failures()}
            analyses = {i: store.analysis(i) for i in stored.values()}
        assert summary.seen == len(expected)
        lost = expected - set(stored) - set(failed)
        assert not lost, f"inputs neither stored nor failed: {sorted(lost)}"
        assert all(failed.values()), failed
        for analysis in analyses.values():
            assert analysis is not None
            text = analysis["document"]["text"]
            for span in _spans({k: v for k, v in analysis.items() if k != "document"}):
                assert text[span["start"] : span["end"]] == span["text"], span
            for span in _spans(analysis["document"]):
                if span is not analysis["document"]:
                    assert text[span["start"] : span["end"]] == span["text"], span

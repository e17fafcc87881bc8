"""Tests for the PolNeAR reader and the attribution span scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.document import Claim, Document, Source, Span
from claimscope.errors import InputTooLarge
from claimscope.eval.attribution import (
    evaluate,
    exact_counts,
    iter_polnear,
    overlap_counts,
    pairing_counts,
    parse_ann,
    parse_pairs,
    predicted_spans,
    span_key,
    tokenize,
)
from claimscope.eval.report import ReadStats
from tests.conftest import CannedAnalyzer

DATA = Path("/work/shared/data/attribution/polnear")

TEXT = (
    "Provincial police chief Omar Darwish said the convoy was ambushed near the bridge. "
    '"We lost two trucks," the officer told reporters, "but nobody was hurt." '
    "The ministry denied any attack took place.\n"
)


def at(phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(phrase, start + 1)
    return start, start + len(phrase)


def ann_lines() -> list[str]:
    src, cue, content = (
        at("Provincial police chief Omar Darwish"),
        at("said"),
        at("the convoy was ambushed near the bridge"),
    )
    q1, q2 = at('"We lost two trucks,"'), at('"but nobody was hurt."')
    src2, cue2 = at("the officer"), at("told")
    src3, cue3 = at("The ministry"), at("denied")
    content3 = at("any attack took place")
    return [
        f"T1\tSource {src[0]} {src[1]}\tProvincial police chief Omar Darwish",
        f"T2\tCue {cue[0]} {cue[1]}\tsaid",
        f"T3\tContent {content[0]} {content[1]}\tthe convoy was ambushed near the bridge",
        f"T4\tAttribution {cue[0]} {cue[1]}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tContent {q1[0]} {q1[1]};{q2[0]} {q2[1]}\t...",
        "continuation of a span text that held a newline",
        f"T6\tSource {src2[0]} {src2[1]}\tthe officer",
        f"T7\tCue {cue2[0]} {cue2[1]}\ttold",
        f"T8\tSource {src3[0]} {src3[1]}\tThe ministry",
        f"T9\tCue {cue3[0]} {cue3[1]}\tdenied",
        f"T10\tContent {content3[0]} {content3[1]}\tany attack took place",
        "E2\tAttribution:T4 Content:T10 Cue:T9 Source:T8",
        "#1\tAnnotatorNotes T3\tparaphrase",
        "T11\tContent 5000 5010\tbeyond the end",
    ]


def claim(ident: str, source: str | None, cue: str | None, content: str) -> Claim:
    def span(phrase: str) -> Span:
        s, e = at(phrase)
        return Span(phrase, s, e)

    src = None
    if source is not None:
        s, e = at(source)
        src = Source(source, s, e, "person")
    return Claim(
        id=ident,
        source=src,
        cue=span(cue) if cue is not None else None,
        content=span(content),
        polarity="affirms",
        status="reported",
    )


def answering(claims: list[Claim]) -> CannedAnalyzer:
    """An analyzer that returns these claims for TEXT and none for anything else."""
    return CannedAnalyzer(
        lambda raw: Document(text=raw, claims=list(claims) if raw == TEXT else [])
    )


def write_corpus(root: Path) -> Path:
    split = root / "data" / "heldout"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "wire_2024-03-02_convoy-ambush.txt").write_text(TEXT, encoding="utf-8")
    lines = ann_lines()
    (split / "attributions" / "wire_2024-03-02_convoy-ambush_1a2b.ann").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )
    # The second annotator disagrees completely; only the first in sorted order is gold.
    (split / "attributions" / "wire_2024-03-02_convoy-ambush_9f9f.ann").write_text(
        "T1\tSource 0 10\tProvincial\n", encoding="utf-8"
    )
    # A text nobody annotated is skipped and counted.
    (split / "text" / "wire_2024-03-03_unannotated.txt").write_text("Nothing here.", "utf-8")
    return split


def test_parse_ann_reads_contiguous_and_discontinuous_spans_and_skips_bad_offsets() -> None:
    stats = ReadStats()
    gold = parse_ann(ann_lines(), TEXT, stats, "x.ann")
    assert len(gold["source"]) == 3
    assert len(gold["cue"]) == 3
    assert (at("said"),) in gold["cue"]
    assert (at('"We lost two trucks,"'), at('"but nobody was hurt."')) in gold["content"]
    assert len(gold["content"]) == 3  # the out-of-range T11 is not among them
    assert stats.skipped == 1 and "5000" in stats.reasons[0]


def test_span_key_trims_whitespace_and_sorts_fragments() -> None:
    text = "  alpha beta  gamma "
    assert span_key(text, [(13, 20), (0, 8)]) == ((2, 7), (14, 19))
    assert span_key(text, [(0, 2)]) == ()


def test_iter_polnear_uses_first_annotator_and_accepts_root_or_split(tmp_path: Path) -> None:
    split = write_corpus(tmp_path)
    for path in (tmp_path, tmp_path / "data", split):
        stats = ReadStats()
        docs = list(iter_polnear(path, stats))
        assert [d.name for d in docs] == ["wire_2024-03-02_convoy-ambush"]
        assert len(docs[0].gold["source"]) == 3  # from _1a2b, not the one-span _9f9f
        assert stats.skipped == 2  # the unannotated text and T11


def test_predicted_spans_ignore_the_outlets_own_voice() -> None:
    doc = Document(
        text=TEXT,
        claims=[
            claim("c1", "Provincial police chief Omar Darwish", "said", "the convoy was ambushed"),
            claim("c2", None, None, "any attack took place"),
        ],
    )
    spans = predicted_spans(doc)
    assert spans["source"] == [(at("Provincial police chief Omar Darwish"),)]
    assert spans["content"] == [(at("the convoy was ambushed"),)]


def test_exact_counts() -> None:
    gold = {((0, 4),), ((10, 20),), ((30, 35), (40, 45))}
    assert exact_counts([((0, 4),), ((10, 19),), ((30, 45),)], gold) == (1, 3, 3)
    assert exact_counts([], gold) == (0, 0, 3)


def test_overlap_counts_sum_token_overlaps_like_citron() -> None:
    text = "officials said the two trucks were destroyed overnight"
    tokens = tokenize(text)
    gold = [((text.index("the two"), len(text)),)]  # 6 tokens
    pred = [((text.index("trucks"), text.index(" overnight")),)]  # 3 tokens, all in gold
    assert overlap_counts(tokens, pred, gold) == (3, 3, 6)
    # A prediction cutting a word in half still shares that word's token.
    half = [((text.index("officials"), text.index("the") + 2),)]
    assert overlap_counts(tokens, half, gold) == (1, 3, 6)


def test_evaluate_with_a_fake_analyzer(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    analyzer = answering(
        [
            claim(
                "c1",
                "Provincial police chief Omar Darwish",
                "said",
                "the convoy was ambushed near the bridge",
            ),
            claim("c2", "the officer", "told", '"but nobody was hurt."'),
            claim("c3", "The ministry", "denied", "any attack took place."),
        ]
    )
    result = evaluate(tmp_path, analyzer)  # type: ignore[arg-type]
    assert result["task"] == "attribution"
    assert result["n_docs"] == 1 and len(analyzer.sources) == 1
    assert result["source_precision"] == 1.0 and result["source_recall"] == 1.0
    assert result["cue_f1"] == 1.0
    # Contents: one exact (c1), a fragment of the discontinuous quote, one with a stray period.
    assert result["content_precision"] == pytest.approx(1 / 3)
    assert result["content_recall"] == pytest.approx(1 / 3)
    overlap_p, overlap_r = result["content_overlap_precision"], result["content_overlap_recall"]
    assert isinstance(overlap_p, float) and isinstance(overlap_r, float)
    assert 0.8 < overlap_p < 1.0  # only the stray "." is outside the gold contents
    assert 0.6 < overlap_r < 1.0  # the first quote fragment is missed
    assert result["n_skipped"] == 2


def test_evaluate_respects_limit(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    result = evaluate(tmp_path, answering([]), limit=0)  # type: ignore[arg-type]
    assert result["n_docs"] == 0 and result["content_f1"] == 0.0


def refuse(raw: str) -> Document:
    raise InputTooLarge("over the limit", source="a PolNeAR text")


def test_a_document_the_analyzer_refuses_counts_as_failed_with_its_gold_kept(
    tmp_path: Path,
) -> None:
    write_corpus(tmp_path)
    result = evaluate(tmp_path, CannedAnalyzer(refuse))  # type: ignore[arg-type]
    assert result["n_docs"] == 1 and result["n_failed"] == 1
    assert result["n_gold_contents"] == 3 and result["content_recall"] == 0.0


def test_pairing_counts_who_said_what() -> None:
    """A right source with another speaker's content is a pairing error the span scores miss."""
    gold = parse_ann(ann_lines(), TEXT, ReadStats(), "x.ann")
    pairs = parse_pairs(ann_lines(), TEXT)
    assert ((at("The ministry"),), (at("any attack took place"),)) in pairs
    assert len(pairs) == 2
    right = claim("c1", "Provincial police chief Omar Darwish", "said", "the convoy was ambushed")
    swapped = claim("c2", "The ministry", "said", "the convoy was ambushed near the bridge")
    wrong = claim("c3", "the officer", "told", "any attack took place")  # the ministry said it
    doc = Document(text=TEXT, claims=[right, swapped])
    assert pairing_counts(doc, gold, pairs) == (1, 2)
    doc = Document(text=TEXT, claims=[wrong, claim("c4", None, None, "any attack took place")])
    assert pairing_counts(doc, gold, pairs) == (0, 1)

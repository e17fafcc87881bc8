"""Rhetoric evaluation: the PTC-layout reader and the SemEval-2020 Task 11 SI and TC scorers.

SI follows the official `task-SI_scorer.py`: every span is one class ("propaganda"),
overlapping spans are merged per article, then
P = Σ_s Σ_t |s∩t| / |s| ÷ #predicted and R = Σ_s Σ_t |s∩t| / |t| ÷ #gold over character
sets, summed over articles; F1 is 1.0 when both sides are empty. TC classifies every gold
span and reports micro-F1 (accuracy when each span gets one label, as in the official
`task-TC_scorer.py`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.document import Document
from claimscope.eval.cv import Fold, keeps
from claimscope.rhetoric_model import TECHNIQUES

if TYPE_CHECKING:
    from claimscope.stages.rhetoric import RhetoricStage

ARTICLE_ID_RE = re.compile(r"article(\d+)")

# SemEval-2023 Task 3 names -> SemEval-2020 Task 11 names, where the schemes share a
# technique. 2020 merged Bandwagon with Reductio ad hitlerum, and Whataboutism with
# Straw Men and Red Herring; 2023 split them again (Appeal_to_Popularity ~ Bandwagon,
# Guilt_by_Association ~ Reductio ad hitlerum). Techniques 2023 added
# (Appeal_to_Values, Appeal_to_Time, ...) have no 2020 counterpart and are left out of TC.
TECHNIQUES_2023_TO_2020: dict[str, str] = {
    "Appeal_to_Authority": "Appeal_to_Authority",
    "Appeal_to_Fear-Prejudice": "Appeal_to_fear-prejudice",
    "Appeal_to_Popularity": "Bandwagon,Reductio_ad_hitlerum",
    "Guilt_by_Association": "Bandwagon,Reductio_ad_hitlerum",
    "False_Dilemma-No_Choice": "Black-and-White_Fallacy",
    "Causal_Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration-Minimisation": "Exaggeration,Minimisation",
    "Flag_Waving": "Flag-Waving",
    "Loaded_Language": "Loaded_Language",
    "Name_Calling-Labeling": "Name_Calling,Labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Conversation_Killer": "Thought-terminating_Cliches",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Straw_Man": "Whataboutism,Straw_Men,Red_Herring",
    "Red_Herring": "Whataboutism,Straw_Men,Red_Herring",
}


@dataclass(slots=True)
class PtcArticle:
    """One article and its gold spans; `techniques` holds 2020 names only (others dropped)."""

    id: str
    text: str
    si_spans: list[tuple[int, int]] = field(default_factory=list)
    techniques: list[tuple[str, int, int]] = field(default_factory=list)


def _to_2020(name: str) -> str | None:
    if name in TECHNIQUES:
        return name
    return TECHNIQUES_2023_TO_2020.get(name)


def _label_rows(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        row = line.rstrip("\r").split("\t")
        if len(row) in (3, 4) and row[-1].strip().isdigit() and row[-2].strip().isdigit():
            yield row


def read_ptc(dir: Path) -> list[PtcArticle]:
    """Articles of every `*-articles/` folder under `dir`, with spans from any `*labels*` folder.

    Three-column rows (`id start end`) are SI spans; four-column rows (`id technique start
    end`) are technique spans, in 2020 or 2023 names; when an article has no SI file its SI
    spans are those of its techniques. Split names are never assumed.
    """
    articles: dict[str, PtcArticle] = {}
    for folder in sorted(p for p in dir.iterdir() if p.is_dir() and p.name.endswith("-articles")):
        for path in sorted(folder.glob("article*.txt")):
            m = ARTICLE_ID_RE.match(path.name)
            if m:
                # newline="" keeps "\r\n" as two characters: offsets count them.
                with path.open(encoding="utf-8", newline="") as fh:
                    articles[m.group(1)] = PtcArticle(m.group(1), fh.read())
    si_seen: set[str] = set()
    tech_spans: dict[str, list[tuple[str, int, int]]] = {}
    for folder in sorted(p for p in dir.iterdir() if p.is_dir() and "labels" in p.name):
        for path in sorted(folder.iterdir()):
            m = ARTICLE_ID_RE.match(path.name)
            if not m or m.group(1) not in articles:
                continue
            art = articles[m.group(1)]
            for row in _label_rows(path):
                start, end = int(row[-2]), int(row[-1])
                if end <= start:
                    continue
                if len(row) == 3:
                    si_seen.add(art.id)
                    art.si_spans.append((start, end))
                else:
                    tech_spans.setdefault(art.id, []).append((row[1].strip(), start, end))
    for art_id, rows in tech_spans.items():
        art = articles[art_id]
        if art_id not in si_seen:
            art.si_spans = [(s, e) for _, s, e in rows]
        art.techniques = [(t, s, e) for name, s, e in rows if (t := _to_2020(name)) is not None]
    return [articles[k] for k in sorted(articles)]


def merge_overlapping(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans sharing at least one character (touching spans stay apart, as officially)."""
    merged: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def si_scores(
    pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]
) -> dict[str, float]:
    """SemEval-2020 T11 SI precision, recall and F1 (see the module docstring)."""
    prec_num = rec_num = 0.0
    n_pred = n_gold = 0
    gold_merged = {k: merge_overlapping(v) for k, v in gold.items()}
    n_gold = sum(len(v) for v in gold_merged.values())
    for art_id, spans in pred.items():
        p_spans = merge_overlapping(spans)
        n_pred += len(p_spans)
        for ps, pe in p_spans:
            for gs, ge in gold_merged.get(art_id, []):
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    prec_num += inter / (pe - ps)
                    rec_num += inter / (ge - gs)
    p = prec_num / n_pred if n_pred else 0.0
    r = rec_num / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p > 0 and r > 0 else (1.0 if n_pred == n_gold == 0 else 0.0)
    return {"si_precision": p, "si_recall": r, "si_f1": f1}


def tc_micro_f1(pred: Sequence[str], gold: Sequence[str]) -> float:
    """Micro-F1 of one predicted label per gold span (equal to accuracy)."""
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predictions for {len(gold)} gold spans")
    if not gold:
        return 1.0
    return sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)


def evaluate(
    dir: Path, stage: RhetoricStage, *, limit: int | None = None, fold: Fold | None = None
) -> dict[str, float | int | str]:
    """Run `stage` over every article under `dir` and score SI and TC against the gold labels."""
    articles = [art for art in read_ptc(dir) if keeps(fold, art.id)][:limit]
    t0 = time.perf_counter()
    pred: dict[str, list[tuple[int, int]]] = {}
    tc_pred: list[str] = []
    tc_gold: list[str] = []
    for art in articles:
        doc = stage(Document(text=art.text))
        pred[art.id] = [(r.start, r.end) for r in doc.rhetoric]
        spans = [(s, e) for _, s, e in art.techniques]
        tc_pred += stage.classify_spans(art.text, spans)
        tc_gold += [t for t, _, _ in art.techniques]
    seconds = time.perf_counter() - t0
    gold = {a.id: a.si_spans for a in articles}
    return {
        "task": "rhetoric",
        **si_scores(pred, gold),
        "tc_micro_f1": tc_micro_f1(tc_pred, tc_gold),
        "n_docs": len(articles),
        "n_tc_spans": len(tc_gold),
        "seconds": seconds,
    }

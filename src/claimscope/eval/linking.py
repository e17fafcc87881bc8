"""`claimscope eval linking`: incident-linking scores (pairwise and B-cubed) on a hand-written set.

The set is a directory of articles and a `gold.json` (see `examples/incidents/`): repost
groups, and incidents as lists of mentions `{"article": file, "anchor": text}` where the
anchor is an exact substring of the analysed document text near the event's trigger.

Each article is analysed; copies are grouped with `claimscope.reposts.group_reposts` (the
first of a group is the canonical copy, whose analysis becomes the `Report`). A gold
mention maps to the predicted event whose evidence spans overlap its anchor most; a
mention in a non-canonical copy maps through its anchor in the canonical text. The
clustering scored is `link_incidents` over the canonical reports. An unmatched mention is
a singleton, so a missed event costs recall.

Scores are over mentions: pairwise precision/recall/F1 over mention pairs put in one
cluster, and B-cubed precision/recall/F1 (Bagga & Baldwin 1998, equal weight per mention).
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimscope.document import Document
from claimscope.errors import InputError
from claimscope.eval.report import ReadStats, Result, f1
from claimscope.incidents import Report, link_incidents
from claimscope.output import to_analysis

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

GOLD_FILE = "gold.json"
ARTICLE_SUFFIXES = frozenset({".md", ".txt", ".html", ".htm"})


# --- scorers ---------------------------------------------------------------------------


def _clusters(labels: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return groups


def _pairs(labels: Mapping[Hashable, Hashable]) -> set[frozenset[Hashable]]:
    found: set[frozenset[Hashable]] = set()
    for members in _clusters(labels).values():
        found.update(frozenset(pair) for pair in combinations(members, 2))
    return found


def pairwise(
    gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]
) -> tuple[float, float, float]:
    """Precision, recall, F1 over item pairs clustered together.

    `gold` and `pred` map the same items to cluster labels. With no predicted pairs there
    is no wrong link (precision 1); with no gold pairs there is nothing to find (recall 1).
    """
    if set(gold) != set(pred):
        raise ValueError("gold and predicted clusterings must cover the same items")
    gold_pairs, pred_pairs = _pairs(gold), _pairs(pred)
    tp = len(gold_pairs & pred_pairs)
    precision = tp / len(pred_pairs) if pred_pairs else 1.0
    recall = tp / len(gold_pairs) if gold_pairs else 1.0
    return precision, recall, f1(precision, recall)


def bcubed(
    gold: Mapping[Hashable, Hashable], pred: Mapping[Hashable, Hashable]
) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1: per-item overlap of its predicted and gold clusters."""
    if set(gold) != set(pred):
        raise ValueError("gold and predicted clusterings must cover the same items")
    if not gold:
        return 0.0, 0.0, 0.0
    gold_of, pred_of = _clusters(gold), _clusters(pred)
    precision = recall = 0.0
    for item in gold:
        g, p = gold_of[gold[item]], pred_of[pred[item]]
        shared = len(g & p)
        precision += shared / len(p)
        recall += shared / len(g)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, f1(precision, recall)


# --- the gold set ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    incident: str
    article: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Gold:
    mentions: tuple[Mention, ...]
    reposts: tuple[tuple[str, ...], ...]


def gold_path(path: Path) -> Path:
    return path / GOLD_FILE if path.is_dir() else path


def read_gold(path: Path) -> Gold:
    """The mentions and repost groups of a linking gold file (or the directory holding it)."""
    data: dict[str, Any] = json.loads(gold_path(path).read_text(encoding="utf-8"))
    mentions = tuple(
        Mention(str(inc["id"]), str(m["article"]), str(m["anchor"]))
        for inc in data.get("incidents", ())
        for m in inc.get("mentions", ())
    )
    reposts = tuple(tuple(str(a) for a in group) for group in data.get("reposts", ()))
    return Gold(mentions, reposts)


# --- predictions -----------------------------------------------------------------------


def _group_reposts(texts: Sequence[str]) -> list[list[int]]:
    try:
        from claimscope.reposts import group_reposts
    except ImportError:  # the store's module is optional to this scorer
        by_text: dict[str, list[int]] = defaultdict(list)
        for i, text in enumerate(texts):
            by_text[" ".join(text.split())].append(i)
        return list(by_text.values())
    return group_reposts(texts)


def anchor_offsets(text: str, anchor: str) -> tuple[int, int] | None:
    """Offsets of `anchor` in `text` when it occurs exactly once."""
    starts = [m.start() for m in re.finditer(re.escape(anchor), text)]
    return (starts[0], starts[0] + len(anchor)) if len(starts) == 1 else None


def event_at(analysis: Mapping[str, Any], start: int, end: int) -> str | None:
    """The id of the event whose evidence overlaps [start, end) most (first on ties)."""
    best: tuple[int, str] | None = None
    for event in analysis.get("events", ()):
        overlap = max(
            (min(end, int(s["end"])) - max(start, int(s["start"])) for s in event["evidence"]),
            default=0,
        )
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, str(event["id"]))
    return best[1] if best else None


def article_names(root: Path) -> list[str]:
    """The set's article files, sorted; a README describing the set is not an article."""
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and p.stem.upper() != "README"
    )


def _analyse(analyzer: Analyzer, file: Path, stats: ReadStats) -> Document:
    try:
        return analyzer.analyze(file.read_bytes(), source_name=str(file))
    except (InputError, OSError) as exc:
        stats.failed += 1
        stats.note(f"{file}: analysis failed: {exc}")
        return Document(text="")


@dataclass(slots=True)
class Clustering:
    """Gold and predicted cluster labels of every gold mention, and what could not be mapped."""

    gold: dict[Hashable, Hashable]
    pred: dict[Hashable, Hashable]
    mentions: list[Mention]
    matched: int
    bad_anchors: int
    n_reports: int
    notes: list[str]


def _body(analysis: Mapping[str, Any]) -> str:
    body = analysis["document"].get("body")
    return str(body["text"]) if isinstance(body, Mapping) else str(analysis["document"]["text"])


def cluster_mentions(analyses: Mapping[str, Mapping[str, Any]], gold: Gold) -> Clustering:
    """Group copies, link the canonical reports, and label each gold mention both ways."""
    articles = sorted(analyses)
    # Bodies, not full texts: a repost's new masthead and tail would hide the shared story.
    groups = _group_reposts([_body(analyses[name]) for name in articles])
    canonical: dict[str, str] = {}
    report_ids: dict[str, str] = {}
    reports: list[Report] = []
    for group in groups:
        # The earliest copy is the original; a repost's new headline is not in it.
        names = sorted(
            (articles[i] for i in group),
            key=lambda n: (analyses[n]["document"].get("published") or "9999", n),
        )
        first = analyses[names[0]]
        publishers = (analyses[n]["document"].get("publisher") for n in names)
        outlets = tuple(dict.fromkeys(str(p) for p in publishers if p))
        # File name first: two empty analyses share a content hash but not a file.
        report_ids[names[0]] = f"{names[0]}#{first['document']['id']}"
        reports.append(Report(report_ids[names[0]], first, outlets))
        for name in names:
            canonical[name] = names[0]
    incident_of: dict[tuple[str, str], str] = {}
    for incident in link_incidents(reports):
        for ref in incident.events:
            incident_of[(ref.report_id, ref.event_id)] = incident.id

    mentions = [m for m in gold.mentions if m.article in analyses]
    out = Clustering({}, {}, mentions, 0, 0, len(reports), [])
    for k, mention in enumerate(mentions):
        out.gold[k] = mention.incident
        out.pred[k] = ("unmatched", k)
        if anchor_offsets(analyses[mention.article]["document"]["text"], mention.anchor) is None:
            out.bad_anchors += 1
            out.notes.append(f"{mention.article}: anchor not found once: {mention.anchor!r}")
            continue
        head = canonical[mention.article]
        # A copy's mention is looked up in the canonical copy, whose events were linked.
        spot = anchor_offsets(analyses[head]["document"]["text"], mention.anchor)
        event_id = event_at(analyses[head], *spot) if spot else None
        if event_id is None:
            out.notes.append(f"{mention.article}: no event at {mention.anchor!r}")
            continue
        out.matched += 1
        out.pred[k] = incident_of[(report_ids[head], event_id)]
    return out


def repost_scores(
    analyses: Mapping[str, Mapping[str, Any]], gold: Gold
) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of copy grouping over the articles (each its own group
    unless the gold lists it with its copies)."""
    articles = sorted(analyses)
    groups = _group_reposts([_body(analyses[name]) for name in articles])
    pred: dict[Hashable, Hashable] = {
        articles[i]: n for n, group in enumerate(groups) for i in group
    }
    truth: dict[Hashable, Hashable] = {name: ("alone", name) for name in articles}
    for n, group in enumerate(gold.reposts):
        for name in group:
            if name in truth:
                truth[name] = ("copies", n)
    return pairwise(truth, pred)


def evaluate(path: Path, analyzer: Analyzer, *, limit: int | None = None) -> Result:
    """Analyse the set's articles (the first `limit` by name), link them, score the clusters."""
    began = time.perf_counter()
    root = gold_path(path).parent
    gold = read_gold(path)
    stats = ReadStats()
    articles = article_names(root)
    if limit is not None:
        articles = articles[:limit]
    analyses = {name: to_analysis(_analyse(analyzer, root / name, stats)) for name in articles}
    found = cluster_mentions(analyses, gold)
    pair_p, pair_r, pair_f = pairwise(found.gold, found.pred)
    repost_p, repost_r, repost_f = repost_scores(analyses, gold)
    b_p, b_r, b_f = bcubed(found.gold, found.pred)
    result: Result = {
        "task": "linking",
        "pairwise_p": pair_p,
        "pairwise_r": pair_r,
        "pairwise_f1": pair_f,
        "bcubed_p": b_p,
        "bcubed_r": b_r,
        "bcubed_f1": b_f,
        "repost_p": repost_p,
        "repost_r": repost_r,
        "repost_f1": repost_f,
        "event_recall": found.matched / len(found.mentions) if found.mentions else 0.0,
        "n_mentions": len(found.mentions),
        "n_gold_incidents": len(set(found.gold.values())),
        "n_reports": found.n_reports,
        "n_bad_anchors": found.bad_anchors,
        "n_failed": stats.failed,
        "n_docs": len(articles),
        "seconds": round(time.perf_counter() - began, 3),
    }
    return result

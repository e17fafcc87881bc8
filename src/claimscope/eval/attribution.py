"""`claimscope eval attribution`: PolNeAR brat reader and source/cue/content span scores.

Layout (any split name): `<split>/text/<name>.txt` beside
`<split>/attributions/<name>_<annotator>.ann`; when a text has several annotators' files,
the first in sorted order is the gold.

Scores, micro-averaged over documents:

* `source_*`, `cue_*`, `content_*` — exact span match: a predicted span counts when its
  offsets (after trimming surrounding whitespace) equal a gold span of the same role.
  A discontinuous gold span (`start end;start end`) is a tuple of fragments, so a single
  predicted span never matches it exactly; the overlap score gives those partial credit.
* `content_overlap_*` — the token-overlap metric of BBC citron (`citron/metrics.py`,
  "overlap metrics are based on the number of predicted tokens that overlap with correct
  tokens compared to the total number of predicted and correct tokens"): precision =
  Σ_pred Σ_gold |tokens(pred) ∩ tokens(gold)| / Σ_pred |tokens(pred)|, recall = the same
  sum / Σ_gold |tokens(gold)|, F1 their harmonic mean. Citron counts spaCy tokens; here a
  token is a run of word characters or one punctuation mark, which splits PARC/PolNeAR
  text almost identically without loading a model. Identical predicted spans are counted once.
* `pairing_accuracy` — who said what: of the claims whose source is a gold source span and
  whose content overlaps a gold content, the share that a gold attribution relation joins
  (`pairing_counts`). The span scores cannot see a right source paired with the wrong content.

Predictions are `doc.claims`; a claim with neither source nor cue is the outlet's own voice,
which PolNeAR does not annotate, so it is not scored.
"""

from __future__ import annotations

import bisect
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimscope.document import Document
from claimscope.eval.cv import Fold, keeps
from claimscope.eval.report import ReadStats, Result, analyze_text, prf

if TYPE_CHECKING:
    from claimscope.pipeline import Analyzer

ROLES = ("source", "cue", "content")
# brat labels of the three attribution parts; Attribution/Discuss/Discard are not scored.
BRAT_LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}

_T_LINE = re.compile(r"^T\d+\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_TOKEN = re.compile(r"\w+|[^\w\s]")

# A span is its sorted, whitespace-trimmed fragments: ((start, end), ...).
SpanKey = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class PolnearDoc:
    name: str
    text: str
    gold: dict[str, set[SpanKey]] = field(default_factory=dict)
    # (source, content) of each gold attribution relation that has both.
    pairs: set[tuple[SpanKey, SpanKey]] = field(default_factory=set)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace (an empty span stays where it is)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def span_key(text: str, fragments: Iterable[tuple[int, int]]) -> SpanKey:
    trimmed = (trim(text, s, e) for s, e in fragments)
    return tuple(sorted(f for f in trimmed if f[0] < f[1]))


def parse_ann(
    lines: Iterable[str], text: str, stats: ReadStats, where: str
) -> dict[str, set[SpanKey]]:
    """Gold Source/Cue/Content spans of one brat `.ann` file.

    Lines that are not text-bound annotations (relations, notes, the continuation of a
    span text that holds a newline) are ignored; a span outside the text is skipped.
    """
    gold: dict[str, set[SpanKey]] = {role: set() for role in ROLES}
    for line in lines:
        m = _T_LINE.match(line)
        if not m or m.group(1) not in BRAT_LABELS:
            continue
        fragments = []
        for part in m.group(2).split(";"):
            s, e = (int(x) for x in part.split())
            fragments.append((s, e))
        if any(not (0 <= s <= e <= len(text)) for s, e in fragments):
            stats.skip(f"{where}: span {m.group(2)} outside text of length {len(text)}")
            continue
        key = span_key(text, fragments)
        if key:
            gold[BRAT_LABELS[m.group(1)]].add(key)
    return gold


def parse_pairs(lines: Iterable[str], text: str) -> set[tuple[SpanKey, SpanKey]]:
    """(source, content) span pairs of the `Attribution` relations of one brat `.ann` file."""
    spans: dict[str, SpanKey] = {}
    relations: list[dict[str, str]] = []
    for line in lines:
        m = _T_LINE.match(line)
        if m and m.group(1) in ("Source", "Content"):
            fragments = [tuple(int(x) for x in part.split()) for part in m.group(2).split(";")]
            if all(0 <= f[0] <= f[1] <= len(text) for f in fragments):
                spans[line.split("\t", 1)[0]] = span_key(text, fragments)  # type: ignore[arg-type]
        elif line.startswith("E"):
            fields = line.split("\t")[1].split() if "\t" in line else []
            relations.append(dict(f.split(":", 1) for f in fields if ":" in f))
    return {
        (spans[r["Source"]], spans[r["Content"]])
        for r in relations
        if r.get("Source") in spans and r.get("Content") in spans
    }


def split_dirs(path: Path) -> list[Path]:
    """The split directories under `path` (the corpus root, `data/`, or one split)."""
    if (path / "text").is_dir() and (path / "attributions").is_dir():
        return [path]
    return sorted(p.parent for p in path.rglob("text") if (p.parent / "attributions").is_dir())


def iter_polnear(path: Path, stats: ReadStats | None = None) -> Iterator[PolnearDoc]:
    """Stream the annotated documents of every split under `path`, in sorted order."""
    stats = stats if stats is not None else ReadStats()
    for split in split_dirs(path):
        annotations: dict[str, list[Path]] = defaultdict(list)
        for ann in sorted((split / "attributions").glob("*.ann")):
            annotations[ann.stem.rsplit("_", 1)[0]].append(ann)
        for txt in sorted((split / "text").glob("*.txt")):
            anns = annotations.get(txt.stem)
            if not anns:
                stats.skip(f"{txt}: no annotation file")
                continue
            try:
                text = txt.read_text(encoding="utf-8")
                lines = anns[0].read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                stats.skip(f"{txt}: {exc}")
                continue
            yield PolnearDoc(
                txt.stem, text, parse_ann(lines, text, stats, str(anns[0])),
                parse_pairs(lines, text),
            )


def predicted_spans(doc: Document) -> dict[str, list[SpanKey]]:
    """Source, cue and content spans of the claims that are attributions, in claim order."""
    spans: dict[str, list[SpanKey]] = {role: [] for role in ROLES}
    for claim in doc.claims:
        if claim.source is None and claim.cue is None:
            continue
        for role, span in (
            ("source", claim.source),
            ("cue", claim.cue),
            ("content", claim.content),
        ):
            if span is not None:
                key = span_key(doc.text, [(span.start, span.end)])
                if key and key not in spans[role]:
                    spans[role].append(key)
    return spans


def pairing_counts(
    doc: Document, gold: dict[str, set[SpanKey]], pairs: set[tuple[SpanKey, SpanKey]]
) -> tuple[int, int]:
    """(claims joined to their gold source, claims scored). A claim is scored when its source
    is a gold source span and its content overlaps a gold content: it is right when a gold
    relation joins that source to one of those contents. This is who-said-what, which the
    span scores above do not see."""
    right = scored = 0
    for claim in doc.claims:
        if claim.source is None or claim.cue is None:
            continue
        source = span_key(doc.text, [(claim.source.start, claim.source.end)])
        if source not in gold["source"]:
            continue
        contents = [
            c for c in gold["content"]
            if any(s < claim.content.end and claim.content.start < e for s, e in c)
        ]
        if contents:
            scored += 1
            right += any((source, c) in pairs for c in contents)
    return right, scored


def exact_counts(pred: Iterable[SpanKey], gold: set[SpanKey]) -> tuple[int, int, int]:
    """(true positives, predicted, gold) for exact span match."""
    pred_set = set(pred)
    return len(pred_set & gold), len(pred_set), len(gold)


def tokenize(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def token_ids(tokens: list[tuple[int, int]], span: SpanKey) -> set[int]:
    """Indices of the tokens that share at least one character with the span."""
    starts = [t[0] for t in tokens]
    ids: set[int] = set()
    for s, e in span:
        i = max(bisect.bisect_right(starts, s) - 1, 0)
        while i < len(tokens) and tokens[i][0] < e:
            if tokens[i][1] > s:
                ids.add(i)
            i += 1
    return ids


def overlap_counts(
    tokens: list[tuple[int, int]], pred: Iterable[SpanKey], gold: Iterable[SpanKey]
) -> tuple[int, int, int]:
    """(Σ pairwise token overlap, Σ predicted tokens, Σ gold tokens), as citron sums them."""
    pred_ids = [token_ids(tokens, p) for p in pred]
    gold_ids = [token_ids(tokens, g) for g in gold]
    overlap = sum(len(p & g) for p in pred_ids for g in gold_ids)
    return overlap, sum(map(len, pred_ids)), sum(map(len, gold_ids))


@dataclass(slots=True)
class Tally:
    """Running counts over documents: exact (tp, predicted, gold) per role, and token overlap."""

    exact: dict[str, list[int]] = field(default_factory=lambda: {r: [0, 0, 0] for r in ROLES})
    overlap: list[int] = field(default_factory=lambda: [0, 0, 0])
    pairing: list[int] = field(default_factory=lambda: [0, 0])

    def add(
        self, text: str, pred: dict[str, list[SpanKey]], gold: dict[str, set[SpanKey]]
    ) -> None:
        for role in ROLES:
            for i, n in enumerate(exact_counts(pred[role], gold[role])):
                self.exact[role][i] += n
        for i, n in enumerate(overlap_counts(tokenize(text), pred["content"], gold["content"])):
            self.overlap[i] += n

    def scores(self) -> dict[str, float]:
        result: dict[str, float] = {}
        for role in ROLES:
            p, r, f = prf(*self.exact[role])
            result |= {f"{role}_precision": p, f"{role}_recall": r, f"{role}_f1": f}
        p, r, f = prf(*self.overlap)
        right, scored = self.pairing
        return result | {
            "content_overlap_precision": p,
            "content_overlap_recall": r,
            "content_overlap_f1": f,
            "pairing_accuracy": right / scored if scored else 0.0,
        }


def evaluate(
    path: Path, analyzer: Analyzer, *, limit: int | None = None, fold: Fold | None = None
) -> Result:
    """Run the analyzer on every PolNeAR text under `path` and score its claims."""
    began = time.perf_counter()
    stats = ReadStats()
    tally = Tally()
    n_docs = 0
    for item in iter_polnear(path, stats):
        if limit is not None and n_docs >= limit:
            break
        if not keeps(fold, item.name):
            continue
        doc = analyze_text(analyzer, item.text, item.name, stats)
        tally.add(item.text, predicted_spans(doc), item.gold)
        for i, n in enumerate(pairing_counts(doc, item.gold, item.pairs)):
            tally.pairing[i] += n
        n_docs += 1
    return {
        "task": "attribution",
        **tally.scores(),
        "n_gold_contents": tally.exact["content"][2],
        "n_skipped": stats.skipped,
        "n_failed": stats.failed,
        "n_docs": n_docs,
        "seconds": round(time.perf_counter() - began, 3),
    }

"""Build src/claimscope/data/word_clusters.tsv.gz: k-means clusters of the encoder's word types.

    OMP_NUM_THREADS=1 PYTHONPATH=src python scripts/build_word_clusters.py [--encoder rhetoric]

Every whole-word entry of the shipped MiniLM WordPiece vocabulary (ASCII letters only, two
or more; no `##` pieces, digits, punctuation or [special] tokens) is encoded on its own as
"[CLS] word [SEP]" by a shipped int8 encoder, and its vector is the mean of the word's own
pieces' vectors (the [CLS]/[SEP] vectors are nearly the same for every word, so they would
only blur the types). The vectors are L2-normalised and clustered by k-means at two
granularities with a fixed seed. The table holds one line per word, `word<TAB>c64<TAB>c512`,
sorted by word, gzipped with no timestamp: the same inputs and library versions give the
same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimscope.data.word_clusters import GRANULARITIES, TABLE
from claimscope.models.encoder import load_encoder

MODELS = Path(__file__).resolve().parent.parent / "src" / "claimscope" / "data" / "models"
SEED = 13
BATCH = 256


def vocabulary(tokenizer_json: Path) -> list[str]:
    """The whole-word entries of a WordPiece vocabulary, sorted."""
    vocab = json.loads(tokenizer_json.read_text("utf-8"))["model"]["vocab"]
    return sorted(w for w in vocab if w.isascii() and w.isalpha() and len(w) >= 2)


def embed(encoder_dir: Path, words: Sequence[str]) -> np.ndarray:
    """One L2-normalised vector per word: the mean of its pieces' vectors, encoded alone."""
    session, tokenizer = load_encoder(encoder_dir)
    pooled_only = [o.name for o in session.get_outputs()] == ["pooled"]
    encoded = [tokenizer.encode(w).ids for w in words]
    out = np.zeros((len(words), 384), dtype=np.float32)
    # Words of one piece count batch together: no padding enters a piece's context.
    by_length: dict[int, list[int]] = {}
    for i, ids in enumerate(encoded):
        by_length.setdefault(len(ids), []).append(i)
    for length, members in sorted(by_length.items()):
        for b in range(0, len(members), BATCH):
            group = members[b : b + BATCH]
            ids = np.array([encoded[i] for i in group], dtype=np.int64)
            mask = np.ones_like(ids)
            (first, *_) = session.run(None, {"input_ids": ids, "attention_mask": mask})
            # The event-type graph pools inside; else pieces 1 .. n-2, the word's own.
            out[group] = first if pooled_only else first[:, 1 : length - 1].mean(axis=1)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    normalised: np.ndarray = out / np.maximum(norms, 1e-12)
    return normalised


def clusters(vectors: np.ndarray, k: int) -> np.ndarray:
    from sklearn.cluster import KMeans

    model = KMeans(n_clusters=k, random_state=SEED, n_init=3, max_iter=300)
    labels: np.ndarray = model.fit_predict(vectors.astype(np.float64))
    return labels


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="rhetoric", help="a model dir under data/models")
    parser.add_argument("--out", type=Path, default=TABLE)
    args = parser.parse_args(argv)
    encoder_dir = MODELS / args.encoder
    words = vocabulary(encoder_dir / "tokenizer.json")
    vectors = embed(encoder_dir, words)
    ids = [clusters(vectors, k) for k in GRANULARITIES]
    lines = "".join(
        "\t".join([w, *(str(int(c[i])) for c in ids)]) + "\n" for i, w in enumerate(words)
    )
    with (
        open(args.out, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out,
    ):
        out.write(lines.encode("utf-8"))
    print(f"{len(words)} words, k = {GRANULARITIES}: {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

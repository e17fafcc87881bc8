"""The accurate profile's attribution tagger: the CRF's marginals mixed with a MiniLM token
tagger's probabilities (`claimscope.models.attribution_encoder`)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import numpy as np
import pytest

from claimscope.config import PROFILES, Settings
from claimscope.models.attribution import MODEL_DIR, AttributionTagger, encoder_dir, load_tagger
from claimscope.models.attribution_encoder import (
    ENCODER_FILE,
    LABELS,
    MAX_PIECES,
    windows,
)
from claimscope.models.bio import viterbi
from claimscope.stages.language import load_spacy

ACCURATE = MODEL_DIR.parent / PROFILES["accurate"]["attribution"]
needs_encoder = pytest.mark.skipif(
    not (ACCURATE / ENCODER_FILE).is_file(), reason="attribution encoder not shipped"
)


def _probs(rows: list[dict[str, float]]) -> Any:
    out = np.full((len(rows), len(LABELS)), 0.01)
    for i, row in enumerate(rows):
        for label, p in row.items():
            out[i, LABELS.index(label)] = p
    return out


def test_viterbi_keeps_bio_well_formed() -> None:
    # Per-token argmax would read O, I-SRC, I-SRC: an I- without its B-. The path may not.
    probs = _probs([{"O": 0.9}, {"I-SRC": 0.6, "B-SRC": 0.3}, {"I-SRC": 0.9}, {"B-CUE": 0.8}])
    labels = viterbi(probs, LABELS)
    assert labels == ["O", "B-SRC", "I-SRC", "B-CUE"]
    # An I- never follows another role or O.
    for before, after in itertools.pairwise(labels):
        if after.startswith("I-"):
            assert before[2:] == after[2:]
    assert viterbi(np.zeros((0, len(LABELS))), LABELS) == []


def test_viterbi_does_not_start_inside_a_span() -> None:
    assert viterbi(_probs([{"I-CNT": 0.9, "B-CNT": 0.05}]), LABELS)[0] == "B-CNT"


class _Pieces:
    """A stand-in tokenizer: each word is as many pieces as it has letters, ids 1000+."""

    def encode_batch(self, batch: list[list[str]], **_: Any) -> list[Any]:
        class Encoding:
            def __init__(self, word: str) -> None:
                self.ids = [1000 + k for k in range(len(word))]

        return [Encoding(words[0]) for words in batch]


def test_windows_label_first_pieces_and_cut_at_word_boundaries() -> None:
    words = ["ab", "c", "", "defg"] * 40  # 280 pieces, and words with no piece
    found = windows(_Pieces(), words)
    assert len(found) == 2
    seen: list[int] = []
    for ids, owner in found:
        assert len(ids) <= MAX_PIECES and len(ids) == len(owner)
        assert ids[0] == 101 and ids[-1] == 102 and owner[0] == owner[-1] == -1
        seen.extend(w for w in owner if w >= 0)
    assert seen == list(range(len(words)))  # every word once, in order, at its first piece


def test_only_the_accurate_profile_mixes_in_the_encoder() -> None:
    assert encoder_dir(Settings(profile="default").model_name("attribution")) is None
    found = encoder_dir(Settings(profile="accurate").model_name("attribution"))
    assert found is None or (found / ENCODER_FILE).is_file()


@needs_encoder
def test_accurate_tagger_finds_reported_speech_and_files_are_small() -> None:
    assert (ACCURATE / ENCODER_FILE).stat().st_size < 25_000_000
    meta = json.loads((ACCURATE / "meta.json").read_text("utf-8"))
    assert meta["labels"] == list(LABELS)
    assert (ACCURATE / "CARD.md").is_file()
    nlp = load_spacy(Settings().spacy_model)
    tagger = load_tagger(encoder=ACCURATE)
    assert isinstance(tagger, AttributionTagger) and tagger.encoder is not None
    text = "The mayor said on Monday that the bridge would reopen in May."
    parsed = nlp(text)
    triples = tagger.triples(parsed)
    assert any(
        t.source is not None and text[t.source[0] : t.source[1]] == "The mayor"
        and "said" in text[t.cue[0] : t.cue[1]]
        and "the bridge would reopen" in text[t.content[0] : t.content[1]]
        for t in triples
    ), triples
    assert tagger.triples(nlp("The bridge over the river was repaired in May.")) == []

